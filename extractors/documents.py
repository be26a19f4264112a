"""Documents and their gazette: the skeleton every other extractor hangs off.

Per document (from :func:`kg.segment.parse_gazette`):

* ``Gazette`` node (once per issue) and ``Document`` node (``in_corpus=True``);
* ``PUBLISHED_IN`` Document -> Gazette;
* ``ISSUED_BY`` Document -> Agency (the issuer as printed in the title, or in the
  signature when the title has none);
* ``ADDRESSED_TO`` Document -> Agency for every 主送 recipient;
* ``ATTACHES`` Document -> Plan for every attached 方案/预案/办法/分解表 ….

Evidence: the title span (PUBLISHED_IN, ISSUED_BY), the recipient as printed
(ADDRESSED_TO), the attachment title (ATTACHES).
"""

from __future__ import annotations

from kg.extractors import ExtractContext, register

from kg.keys import agency_key, gazette_key, plan_key
from kg.model import Document, GraphBatch, Text
from kg.normalize import strip_ws
from kg.segment import find_text, title_text
from kg.vocab import L, R

NAME = "documents"
VERSION = "0.1.0"


@register(
    NAME,
    version=VERSION,
    requires=(),
    assigns=(L.GAZETTE, L.DOCUMENT, L.AGENCY, L.PLAN, R.PUBLISHED_IN, R.ISSUED_BY, R.ADDRESSED_TO, R.ATTACHES),
)
def extract_documents(doc: Document, ctx: ExtractContext) -> GraphBatch:
    info = extract_documents.info
    batch = GraphBatch()
    gz = ctx.gazette
    gref = batch.add_node(
        L.GAZETTE,
        gazette_key(gz.id),
        id=gz.id,
        name=gz.id,
        city=gz.city,
        province=gz.province,
        year=gz.year,
        issue=gz.issue,
        total=gz.total,
        published=gz.published,
        file=gz.source.path,
    )
    title = strip_ws(doc.title)
    dref = batch.add_node(
        L.DOCUMENT,
        doc.key,
        id=doc.key,
        title=title,
        name=title,
        doc_number=doc.doc_number,
        issuer=doc.issuer,
        date=doc.date,
        kind=doc.kind,
        section=doc.section,
        recipients=list(doc.recipients) or None,
        line=doc.start_line,
        end_line=doc.end_line,
        file=doc.source.path,
        gazette=gz.id,
        in_corpus=True,
        city=doc.city,
    )
    ttext = title_text(doc)
    batch.add_edge(R.PUBLISHED_IN, dref, gref, info.provenance(doc, ttext))

    if doc.issuer:
        issuer = strip_ws(doc.issuer)
        k = ttext.text.find(issuer)
        ev: Text | None = ttext[k : k + len(issuer)] if k >= 0 else find_text(doc, issuer, doc.start_line + 1)
        if ev is not None:
            aref = batch.add_node(L.AGENCY, agency_key(doc.city, issuer), name=issuer, city=doc.city,
                                  aliases=[issuer])
            batch.add_edge(R.ISSUED_BY, dref, aref, info.provenance(doc, ev), as_printed=issuer)
            ctx.known_agencies.add(issuer)

    for rcp in doc.recipients:
        ev = find_text(doc, rcp, doc.start_line)
        if ev is None:
            continue
        aref = batch.add_node(L.AGENCY, agency_key(doc.city, rcp), name=rcp, city=doc.city, aliases=[rcp])
        batch.add_edge(R.ADDRESSED_TO, dref, aref, info.provenance(doc, ev), as_printed=rcp)
        ctx.known_agencies.add(rcp)

    for att in doc.attachments:
        ev = find_text(doc, att.title, att.line)
        if ev is None:
            continue
        pref = batch.add_node(
            L.PLAN, plan_key(doc.key, att.title), id=plan_key(doc.key, att.title), name=att.title,
            kind=att.kind, doc_number=doc.doc_number, line=att.line,
        )
        batch.add_edge(R.ATTACHES, dref, pref, info.provenance(doc, ev))
    return batch
