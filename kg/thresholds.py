"""Every heuristic threshold of the readers, named, in one place, each with the
case it came from. Code reads these names; no reader hides a number of its own.
"""

from __future__ import annotations

# ---- reading view (kg.textview) ---------------------------------------------
# A file is read as traditional Chinese when at least this share of the Chinese
# characters in its first TRADITIONAL_SAMPLE_CHARS characters change under the
# traditional→simplified table. Simplified gazettes change < 0.2% (variant forms
# such as 乾/於 in names); a traditional capture of a 東莞 notice changes ~18%.
TRADITIONAL_MIN_SHARE = 0.03
TRADITIONAL_SAMPLE_CHARS = 20_000

# ---- segmentation (kg.segment) ----------------------------------------------
# How far (non-blank lines) a single document's title may be from the 文号, 主送
# or adoption line that confirms it (web captures print metadata between them).
TITLE_CONFIRM_LINES = 4
# The longest line that can be a document title (a title of three printed lines
# joined); longer lines are body text.
TITLE_MAX_CHARS = 90
# In a file with no masthead and no anchored document, a title is looked for in
# this many first lines (web captures put navigation and metadata above it).
SINGLE_DOC_TITLE_WINDOW = 60

# ---- table engine (kg.tables) -----------------------------------------------
# A cell is at most this many consecutive tokens (a mine name printed over three
# lines in a one-cell-per-line flattening is the longest seen).
TABLE_MAX_CELL_TOKENS = 3
# A table has at least this many numbered rows (one numbered line under a header
# is a list item, not a table).
TABLE_MIN_ROWS = 2

# ---- page furniture (kg.layout) -----------------------------------------------
# Bare numbers on their own lines are page numbers only when consecutive ones are
# at least this many lines apart: a page holds more lines, while the row numbers of
# a 挂牌 table printed one cell per line come every 5–9 lines.
PAGE_NUMBER_MIN_GAP_LINES = 12

# ---- task tables (kg.extractors.tasks) ---------------------------------------
# A header cell this long can still head a task column when it ends in a task word
# ("某某省2020年重点工作任务": a province's task column beside the city's).
TASK_HEADER_MAX_CHARS = 40

# ---- coverage accounting (kg.coverage) ---------------------------------------
# A run of table-like lines counts as a table region from this many lines (two
# aligned lines are often a signature block or a heading with a date).
COVERAGE_MIN_LINES = 3
# Lines of one kind belong to one region when at most this many other lines
# separate them (a roster's wrapped post, a blank cell line).
COVERAGE_GAP_LINES = 2
# A line naming 挂牌/包保 and 煤矿 is a 挂牌 list's title or header only when it is
# this short (longer ones are the rules printed in prose: "市长…是高瓦斯矿井的挂牌责任人").
MINE_HEADER_MAX_CHARS = 36
# A column whose header words are unknown takes the kind that at least this share
# of its cells fit (a 监管人 column of names; one cell in five may be a filled-down blank).
TABLE_CONTENT_SHARE = 0.6
# A task cell printed over many lines (one cell per line, wrapped) may take this many tokens.
TABLE_MAX_TASK_TOKENS = 12

# ---- views: level of detail (kg.visualisations.lod) -------------------------
# Views above LOD_VIEW nodes are clustered to about LOD_TARGET items: a fitted
# 2,000-node view draws its labels at ~2 px (vis-network skips labels under 5 px),
# ~300 items fitted on a 1400×900 screen draw them at ~6 px (bench/ratios.py, P5).
LOD_VIEW = 1_000
LOD_TARGET = 300

# ---- scale corpora (kg.scale) -----------------------------------------------
# A substring shared by at least this many mine names is a group or company word
# (中煤平朔集团有限公司, 煤业有限公司), not the part that names one mine.
MINE_CORE_SHARED = 3
# kg_spans (kg.language.node_span): a group's name is printed in the heading above its roster;
# how far back (characters) from a member's line it is looked for, nearest first.
HEADING_LOOKBACK_CHARS = 2000
# kg_spans: the longest printed form looked for whole (a longer one, a task's text, by its start).
SPAN_MAX_PATTERN_CHARS = 400
# Not a heuristic but a size: how many distinct strings kg.agencies.is_unit_name and
# kg.names.is_name / is_post remember (the dev corpus asks ~16 000 distinct ones).
NAME_CACHE_SIZE = 65536
