"""The C header's constants, by the header's own names: every integer
``#define TRUSTSCORE_*`` of include/trustscore/trustscore.h (and of the
headers it includes: journal.h, history.h, id_table.h), and
TRUSTSCORE_ABI_VERSION of include/trustscore/version.h.

This is the one place the package writes these numbers; every other module
takes them from here by name. tests/test_constants.py parses the headers and
fails if a value here differs from the header's, if the header has an integer
constant this module lacks (add it here, then wire it up where it is used),
or if a name here is in no header.
"""

# ---- version.h
TRUSTSCORE_ABI_VERSION = 1

# ---- Status codes
TRUSTSCORE_OK = 0
TRUSTSCORE_E_INVALID_ARGUMENT = -1
TRUSTSCORE_E_OUT_OF_MEMORY = -2
TRUSTSCORE_E_BUFFER_TOO_SMALL = -3
TRUSTSCORE_E_BAD_FORMAT = -4
TRUSTSCORE_E_VERSION_MISMATCH = -5
TRUSTSCORE_E_INTERNAL = -6
TRUSTSCORE_E_IO = -7

# ---- Versions of the scoring structs
TRUSTSCORE_SCORE_OPTIONS_VERSION = 1
TRUSTSCORE_SCORE_OUTPUTS_VERSION = 1

# ---- Saving and loading: archives and what a saved file holds
TRUSTSCORE_ARCHIVE_BINARY = 1
TRUSTSCORE_ARCHIVE_TEXT = 2
TRUSTSCORE_ARCHIVE_XML = 3
TRUSTSCORE_CONTENT_MODEL = 1
TRUSTSCORE_CONTENT_STORE = 2

# ---- Trust graphs: duplicate edges, self-loops, credibility rules
TRUSTSCORE_DUPLICATES_MEAN = 0
TRUSTSCORE_DUPLICATES_SUM = 1
TRUSTSCORE_DUPLICATES_LAST = 2
TRUSTSCORE_DUPLICATES_ERROR = 3
TRUSTSCORE_SELF_LOOPS_DROP = 0
TRUSTSCORE_SELF_LOOPS_KEEP = 1
TRUSTSCORE_SELF_LOOPS_ERROR = 2

# ---- Versions of the graph options structs
TRUSTSCORE_GRAPH_OPTIONS_VERSION = 1
TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION = 2
TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION = 1
TRUSTSCORE_CREDIBILITY_EIGENTRUST = 0
TRUSTSCORE_CREDIBILITY_FAIRNESS = 1

# ---- Evaluation metrics
TRUSTSCORE_METRIC_ROC_AUC = 0
TRUSTSCORE_METRIC_AVERAGE_PRECISION = 1
TRUSTSCORE_METRIC_LOG_LOSS = 2
TRUSTSCORE_METRIC_BRIER = 3
TRUSTSCORE_METRIC_ECE = 4
TRUSTSCORE_METRIC_RMSE = 5
TRUSTSCORE_METRIC_MAE = 6
TRUSTSCORE_METRIC_PEARSON = 7
TRUSTSCORE_METRIC_SPEARMAN = 8
TRUSTSCORE_METRIC_KENDALL_TAU_B = 9
TRUSTSCORE_METRIC_NDCG = 10

# ---- Journaled stores (journal.h): durability, options, the recovery report
TRUSTSCORE_DURABILITY_DEFAULT = 0
TRUSTSCORE_DURABILITY_SYNC = 1
TRUSTSCORE_DURABILITY_INTERVAL = 2
TRUSTSCORE_DURABILITY_NONE = 3
TRUSTSCORE_JOURNAL_OPTIONS_VERSION = 1
TRUSTSCORE_RECOVERY_REPORT_VERSION = 1
TRUSTSCORE_RECOVERY_CHECKPOINT = 0
TRUSTSCORE_RECOVERY_CUT_FILE = 1

# ---- History of a journaled store (history.h): event codes, struct versions
TRUSTSCORE_HISTORY_ADDED = 1
TRUSTSCORE_HISTORY_RETRACTED = 2
TRUSTSCORE_HISTORY_REMOVED = 3
TRUSTSCORE_HISTORY_AT_TIME = 4
TRUSTSCORE_HISTORY_OPTIONS_VERSION = 1
TRUSTSCORE_HISTORY_OUTPUTS_VERSION = 1

# ---- Entity ids as one table (id_table.h): the struct's version
TRUSTSCORE_ID_TABLE_VERSION = 1

# ---- Reading signals CSV (csv.h)
TRUSTSCORE_CSV_OPTIONS_VERSION = 1
