/* Reading signals CSV (trustscore/csv.h): the reader's options, adding a
 * file with them, and reading a file or text into columns: the id table,
 * the codes, the columns and lines, and every bad argument. */
#include "abi_test.h"

#define PATH_SIZE 512

static const char* const signals_text =
    "entity,factor,value,weight,time,source\n"
    "alpha,authenticity,1,3,1700000000,s1\n"
    "\"beta, inc\",values,0.5,,,\n"
    "alpha,data_security,0.25,2,2023-11-14T22:13:20Z,s2\r\n"
    "\n"
    "gamma,experts,0,1,1700000000,\n";

static void test_csv_options_defaults(void) {
  trustscore_csv_options o;
  memset(&o, 0xff, sizeof o);
  CHECK_OK(trustscore_csv_options_init(&o, TRUSTSCORE_CSV_OPTIONS_VERSION));
  CHECK(o.version == TRUSTSCORE_CSV_OPTIONS_VERSION);
  CHECK(o.skip_bad_rows == 0);
  CHECK(isnan(o.default_time));
  CHECK(o.threads == 1);
  CHECK(o.reserved == 0);
  CHECK(o.block_bytes == 4 << 20);
  CHECK_FAIL(trustscore_csv_options_init(NULL, TRUSTSCORE_CSV_OPTIONS_VERSION),
             TRUSTSCORE_E_INVALID_ARGUMENT, "options");
  CHECK_FAIL(trustscore_csv_options_init(&o, TRUSTSCORE_CSV_OPTIONS_VERSION + 1),
             TRUSTSCORE_E_VERSION_MISMATCH, "trustscore_csv_options_init");
}

static void test_csv_read_text_into_columns(void) {
  trustscore_model* m = default_model();
  trustscore_csv_signals* read = NULL;
  trustscore_csv_columns c;
  const int64_t n = (int64_t)strlen(signals_text);
  CHECK_OK(trustscore_csv_read(m, NULL, signals_text, n, "mine.csv", NULL, &read));
  CHECK_OK(trustscore_csv_signals_columns(read, &c));
  CHECK(c.count == 4 && c.rows == 4 && c.skipped == 0);
  CHECK(c.id_count == 3); /* alpha, "beta, inc", gamma: in order of first appearance */
  CHECK(c.id_offsets[0] == 0 && c.id_offsets[1] == 5 && c.id_offsets[2] == 14 &&
        c.id_offsets[3] == 19);
  CHECK(memcmp(c.id_data, "alphabeta, incgamma", 19) == 0);
  CHECK(c.codes[0] == 0 && c.codes[1] == 1 && c.codes[2] == 0 && c.codes[3] == 2);
  CHECK(c.factor[0] == 0 && c.factor[1] == 2 && c.factor[2] == 3 && c.factor[3] == 6);
  CHECK(c.value[0] == 1 && c.value[1] == 0.5 && c.value[2] == 0.25 && c.value[3] == 0);
  CHECK(c.weight[0] == 3 && c.weight[1] == 1 && c.weight[2] == 2); /* empty weight: 1 */
  CHECK(c.time[0] == T0 && isnan(c.time[1]) && c.time[2] == T0);
  CHECK(c.credibility[0] == 1 && c.credibility[3] == 1);
  CHECK(c.line[0] == 2 && c.line[1] == 3 && c.line[2] == 4 && c.line[3] == 6);
  trustscore_csv_signals_free(read);
  trustscore_model_free(m);
}

static void test_csv_read_file_on_threads(void) {
  char path[PATH_SIZE];
  trustscore_model* m = default_model();
  trustscore_csv_signals* read = NULL;
  trustscore_csv_options o;
  trustscore_csv_columns c;
  temp_path(path, sizeof path, "columns.csv");
  CHECK(write_file(path, signals_text));
  CHECK_OK(trustscore_csv_options_init(&o, TRUSTSCORE_CSV_OPTIONS_VERSION));
  o.threads = 2;
  o.block_bytes = 16; /* a block per record or two: cuts everywhere */
  CHECK_OK(trustscore_csv_read(m, path, NULL, 0, NULL, &o, &read));
  CHECK_OK(trustscore_csv_signals_columns(read, &c));
  CHECK(c.count == 4 && c.id_count == 3);
  CHECK(c.codes[2] == 0 && c.line[3] == 6);
  trustscore_csv_signals_free(read);
  trustscore_model_free(m);
  remove(path);
}

static void test_csv_read_rejects_bad_input(void) {
  trustscore_model* m = default_model();
  trustscore_csv_signals* read = (trustscore_csv_signals*)&read;
  trustscore_csv_options o;
  trustscore_csv_columns c;
  const char* bad = "entity,factor,value\na,values,1\nb,values,2\n";
  CHECK_FAIL2(trustscore_csv_read(m, NULL, bad, (int64_t)strlen(bad), NULL, NULL, &read),
              TRUSTSCORE_E_BAD_FORMAT, "<text>:3: column 3 (value)", "outside [0, 1]");
  CHECK(read == NULL); /* *out is cleared on failure */
  CHECK_FAIL(trustscore_csv_read(NULL, NULL, bad, 3, NULL, NULL, &read),
             TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK_FAIL(trustscore_csv_read(m, NULL, bad, 3, NULL, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "out");
  CHECK_FAIL(trustscore_csv_read(m, NULL, bad, -1, NULL, NULL, &read),
             TRUSTSCORE_E_INVALID_ARGUMENT, "size");
  CHECK_FAIL(trustscore_csv_read(m, NULL, NULL, 3, NULL, NULL, &read),
             TRUSTSCORE_E_INVALID_ARGUMENT, "NULL");
  CHECK_FAIL2(trustscore_csv_read(m, "/", NULL, 0, NULL, NULL, &read), TRUSTSCORE_E_IO, "'/'",
              "directory");
  CHECK_OK(trustscore_csv_options_init(&o, TRUSTSCORE_CSV_OPTIONS_VERSION));
  o.threads = -1;
  CHECK_FAIL(trustscore_csv_read(m, NULL, bad, 3, NULL, &o, &read), TRUSTSCORE_E_INVALID_ARGUMENT,
             "threads");
  o.threads = 1;
  o.block_bytes = 0;
  CHECK_FAIL(trustscore_csv_read(m, NULL, bad, 3, NULL, &o, &read), TRUSTSCORE_E_INVALID_ARGUMENT,
             "block_bytes");
  o.block_bytes = 1024;
  o.reserved = 1;
  CHECK_FAIL(trustscore_csv_read(m, NULL, bad, 3, NULL, &o, &read), TRUSTSCORE_E_INVALID_ARGUMENT,
             "reserved");
  o.reserved = 0;
  o.skip_bad_rows = 1;
  CHECK_OK(trustscore_csv_read(m, NULL, bad, (int64_t)strlen(bad), NULL, &o, &read));
  CHECK_OK(trustscore_csv_signals_columns(read, &c));
  CHECK(c.count == 1 && c.rows == 2 && c.skipped == 1);
  CHECK_FAIL(trustscore_csv_signals_columns(NULL, &c), TRUSTSCORE_E_INVALID_ARGUMENT, "signals");
  CHECK_FAIL(trustscore_csv_signals_columns(read, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  trustscore_csv_signals_free(read);
  trustscore_csv_signals_free(NULL);
  trustscore_model_free(m);
}

/* add_csv_with on two threads and small blocks adds what add_csv adds. */
static void test_csv_add_with_options(void) {
  char path[PATH_SIZE];
  trustscore_model* m = NULL;
  trustscore_store *plain = NULL, *threaded = NULL;
  trustscore_csv_options o;
  int64_t added = -1, skipped = -1, plain_added = -1;
  double a[3], b[3];
  temp_path(path, sizeof path, "with.csv");
  CHECK(write_file(path, signals_text));
  empty_store(&m, &plain);
  CHECK_OK(trustscore_store_create(m, &threaded));
  CHECK_OK(trustscore_store_add_csv(plain, path, 0, T0, &plain_added, NULL));
  CHECK_OK(trustscore_csv_options_init(&o, TRUSTSCORE_CSV_OPTIONS_VERSION));
  o.threads = 2;
  o.block_bytes = 20;
  o.default_time = T0;
  CHECK_OK(trustscore_store_add_csv_with(threaded, path, &o, &added, &skipped));
  CHECK(added == plain_added && added == 4 && skipped == 0);
  CHECK(entity_count(threaded) == 3);
  CHECK_OK(score_all(m, plain, NULL, 0.95, 3, NF, a, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK_OK(score_all(m, threaded, NULL, 0.95, 3, NF, b, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK(memcmp(a, b, 3 * sizeof(double)) == 0);
  CHECK_FAIL(trustscore_store_add_csv_with(NULL, path, &o, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_add_csv_with(threaded, NULL, &o, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  o.version = 0;
  CHECK_FAIL(trustscore_store_add_csv_with(threaded, path, &o, &added, &skipped),
             TRUSTSCORE_E_VERSION_MISMATCH, "trustscore_csv_options_init");
  CHECK(entity_count(threaded) == 3);
  trustscore_store_free(plain);
  trustscore_store_free(threaded);
  trustscore_model_free(m);
  remove(path);
}

static const abi_test tests[] = {
    ABI_TEST(test_csv_options_defaults),     ABI_TEST(test_csv_read_text_into_columns),
    ABI_TEST(test_csv_read_file_on_threads), ABI_TEST(test_csv_read_rejects_bad_input),
    ABI_TEST(test_csv_add_with_options),
};
const abi_suite abi_suite_csv = ABI_SUITE("csv", tests);
