"""An example kg plugin: contact lines ``联系人：张三，市应急管理局办公室主任，电话：0349-1234567``
(kg's own extractors leave them alone) as Person HOLDS_POST Post (POST_OF Agency).

A plugin is a spaCy component. This one subclasses :class:`kg.language.ExtractorComponent`,
which runs :meth:`extract` on every document of ``doc._.gazette`` and adds the facts to
``doc._.facts``; :meth:`provenance` stamps each fact with the component's name and version.
"""

from __future__ import annotations

import re

from kg.extractors import ExtractContext
from spacy.language import Language

from kg.keys import agency_key, person_key, post_key
from kg.language import ExtractorComponent
from kg.model import Document, GraphBatch
from kg.names import is_name, is_post, post_agency

_CONTACT_RE = re.compile(
    r"联系人[:：]\s*(?P<name>[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3})\s*[，,]\s*"
    r"(?P<post>[^，,。；;\s]{2,40}?)\s*[，,]\s*(?:联系)?电话[:：]"
)


class Contacts(ExtractorComponent):
    extractor = "kg_example_contacts"
    version = "0.2.0"
    makes = ("Person", "Post", "HOLDS_POST", "POST_OF")

    def extract(self, document: Document, ctx: ExtractContext) -> GraphBatch:
        batch = GraphBatch()
        city = document.city
        for _no, line in document.line_texts():
            for m in _CONTACT_RE.finditer(line.text):
                name = re.sub(r"\s+", "", m.group("name"))
                position = re.sub(r"\s+", "", m.group("post"))
                if not is_name(name) or not is_post(position):
                    continue
                agency = post_agency(position, city)
                prov = self.provenance(document, line, m.start(), m.end())
                person = batch.add_node("Person", person_key(city, name), name=name, city=city)
                post = batch.add_node("Post", post_key(city, position), name=position, city=city, agency=agency)
                batch.add_edge("HOLDS_POST", person, post, prov, position=position, agency=agency,
                               since=document.date)
                if agency:
                    unit = batch.add_node("Agency", agency_key(city, agency), name=agency, city=city)
                    batch.add_edge("POST_OF", post, unit, prov)
        return batch


@Language.factory(
    "kg_example_contacts",
    requires=["doc._.gazette", "doc._.kg_context", "doc._.facts"],
    assigns=["doc._.facts"],
)
def make_contacts(nlp: Language, name: str) -> Contacts:
    return Contacts(nlp, name)
