/* Entity ids as one table (trustscore/id_table.h): every call that takes a
   table gives what its form with NUL-terminated ids gives, bit for bit, for
   a table without codes and one with codes (a categorical); every bad table
   is TRUSTSCORE_E_INVALID_ARGUMENT naming what is wrong, and changes nothing. */
#include <dirent.h>
#include <unistd.h>

#include "abi_test.h"

/* A table of the ids in `data` (NUL-terminated here only for strlen). */
static trustscore_id_table table_of(const char* data, const int64_t* offsets, int64_t count,
                                    const int64_t* codes) {
  trustscore_id_table t;
  CHECK_OK(trustscore_id_table_init(&t, TRUSTSCORE_ID_TABLE_VERSION));
  t.data = data;
  t.data_size = (int64_t)strlen(data);
  t.offsets = offsets;
  t.count = count;
  t.codes = codes;
  return t;
}

/* The signals of alpha_beta_store (abi_test_main.c), entities alpha alpha beta. */
static const int32_t ab_factor[3] = {AUTHENTICITY, DATA_SECURITY, SERVICE_DETAILS};
static const double ab_value[3] = {1.0, 0.25, 0.5};
static const double ab_weight[3] = {3.0, 2.0, 2.0};
static const int64_t ab_offsets[4] = {0, 5, 10, 14}; /* "alphaalphabeta" */
static const int64_t ab_codes[3] = {1, 1, 0};        /* into "betaalpha" */
static const int64_t ba_offsets[3] = {0, 4, 9};

/* Scores (score, lower, upper, contributions) of two stores are equal, bit for bit. */
static void check_same_scores(const trustscore_model* m, const trustscore_store* a,
                              const trustscore_store* b) {
  double sa[4], la[4], ua[4], ca[4 * NF], sb[4], lb[4], ub[4], cb[4 * NF];
  const int64_t n = entity_count(a);
  CHECK(n == entity_count(b) && n <= 4);
  CHECK_OK(score_all(m, a, NULL, 0.95, n, NF, sa, la, ua, ca, NULL, NULL, NULL));
  CHECK_OK(score_all(m, b, NULL, 0.95, n, NF, sb, lb, ub, cb, NULL, NULL, NULL));
  CHECK(memcmp(sa, sb, (size_t)n * sizeof(double)) == 0);
  CHECK(memcmp(la, lb, (size_t)n * sizeof(double)) == 0);
  CHECK(memcmp(ua, ub, (size_t)n * sizeof(double)) == 0);
  CHECK(memcmp(ca, cb, (size_t)n * NF * sizeof(double)) == 0);
}

static void test_id_table_init(void) {
  trustscore_id_table t;
  memset(&t, 0xFF, sizeof t);
  CHECK_OK(trustscore_id_table_init(&t, TRUSTSCORE_ID_TABLE_VERSION));
  CHECK(t.version == TRUSTSCORE_ID_TABLE_VERSION && t.reserved == 0);
  CHECK(t.data == NULL && t.data_size == 0 && t.offsets == NULL && t.count == 0);
  CHECK(t.codes == NULL);
  CHECK_FAIL(trustscore_id_table_init(&t, 0), TRUSTSCORE_E_VERSION_MISMATCH, "table->version is 0");
  CHECK_FAIL(trustscore_id_table_init(&t, TRUSTSCORE_ID_TABLE_VERSION + 1),
             TRUSTSCORE_E_VERSION_MISMATCH, "call trustscore_id_table_init");
  CHECK_FAIL(trustscore_id_table_init(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "table is NULL");
}

/* Plain ids and codes into distinct ids give the store of alpha_beta_store:
   the same entities in the same order, the same scores bit for bit. */
static void test_add_ids_equals_add_by_id(void) {
  trustscore_model* m = NULL;
  trustscore_store *by_id = NULL, *plain = NULL, *coded = NULL;
  trustscore_id_table t;
  char id[16];
  int64_t len = 0;
  alpha_beta_store(&m, &by_id);
  CHECK_OK(trustscore_store_create(m, &plain));
  CHECK_OK(trustscore_store_create(m, &coded));
  t = table_of("alphaalphabeta", ab_offsets, 3, NULL);
  CHECK_OK(trustscore_store_add_ids(plain, 3, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0));
  t = table_of("betaalpha", ba_offsets, 2, ab_codes);
  CHECK_OK(trustscore_store_add_ids(coded, 3, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0));
  CHECK_OK(trustscore_store_entity_id(coded, 0, id, sizeof id, &len));
  CHECK_STR(id, "alpha"); /* new entities in order of first use, not of the table */
  check_same_scores(m, by_id, plain);
  check_same_scores(m, by_id, coded);
  CHECK_FAIL(trustscore_store_add_ids(coded, 0, NULL, NULL, NULL, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entities is NULL"); /* a table even for none */
  trustscore_store_free(by_id);
  trustscore_store_free(plain);
  trustscore_store_free(coded);
  trustscore_model_free(m);
}

/* Retraction by table equals retraction by id; an id the store lacks fails
   naming the signal, and nothing is retracted. */
static void test_retract_ids(void) {
  trustscore_model* m = NULL;
  trustscore_store *st = NULL, *empty = NULL;
  trustscore_id_table t = table_of("betaalpha", ba_offsets, 2, ab_codes);
  const int64_t gamma_offsets[2] = {0, 5};
  const int64_t zero[1] = {0};
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_store_create(m, &empty));
  CHECK_OK(trustscore_store_add_ids(empty, 0, &t, NULL, NULL, NULL, NULL, NULL, T0)); /* none */
  t = table_of("gamma", gamma_offsets, 1, zero);
  CHECK_FAIL(
      trustscore_store_retract_ids(st, 1, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0),
      TRUSTSCORE_E_INVALID_ARGUMENT, "signal 0: entity 'gamma' is not in the store");
  t = table_of("betaalpha", ba_offsets, 2, ab_codes);
  CHECK_OK(trustscore_store_retract_ids(st, 3, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0));
  CHECK_OK(trustscore_store_add_ids(empty, 3, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0));
  CHECK_OK(
      trustscore_store_retract_ids(empty, 3, &t, ab_factor, ab_value, ab_weight, NULL, NULL, T0));
  check_same_scores(m, st, empty); /* both back to no evidence, exactly */
  CHECK_NEAR(score_of(m, st, 0), 0.5, TOL);
  trustscore_store_free(st);
  trustscore_store_free(empty);
  trustscore_model_free(m);
}

static void test_find_entities(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const int64_t offsets[4] = {0, 4, 10, 15}; /* "beta" "nobody" "alpha" */
  const int64_t codes[3] = {2, 2, 0};
  int64_t index[3] = {7, 7, 7}, unknown = -1;
  trustscore_id_table t = table_of("betanobodyalpha", offsets, 3, NULL);
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_store_find_entities(st, 3, &t, index, &unknown));
  CHECK(index[0] == 1 && index[1] == -1 && index[2] == 0 && unknown == 1);
  t.codes = codes;
  CHECK_OK(trustscore_store_find_entities(st, 3, &t, index, NULL));
  CHECK(index[0] == 0 && index[1] == 0 && index[2] == 1);
  CHECK_FAIL(trustscore_store_find_entities(st, 3, &t, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index_out is NULL");
  CHECK_FAIL(trustscore_store_find_entities(NULL, 3, &t, index, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Chosen entities by table: the rows of trustscore_score_entities by id. */
static void test_score_entities_ids(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const char* ids[3] = {"beta", "nobody", "beta"};
  const int64_t offsets[3] = {0, 4, 10}; /* "beta" "nobody" */
  const int64_t codes[3] = {0, 1, 0};
  double want[3], got[3], want_c[3 * NF], got_c[3 * NF];
  int64_t want_index[3], got_index[3], want_unknown = -1, got_unknown = -1;
  trustscore_score_outputs out;
  trustscore_id_table t = table_of("betanobody", offsets, 2, codes);
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 3, out.score = want, out.contributions = want_c;
  CHECK_OK(trustscore_score_entities(m, st, NULL, 3, ids, NULL, want_index, &want_unknown, &out));
  out.score = got, out.contributions = got_c;
  CHECK_OK(trustscore_score_entities_ids(m, st, NULL, 3, &t, got_index, &got_unknown, &out));
  CHECK(memcmp(want, got, sizeof want) == 0 && memcmp(want_c, got_c, sizeof want_c) == 0);
  CHECK(memcmp(want_index, got_index, sizeof want_index) == 0);
  CHECK(got_index[0] == 1 && got_index[1] == -1 && want_unknown == 1 && got_unknown == 1);
  CHECK_NEAR(got[0], 0.492, TOL);
  out.capacity = 2;
  CHECK_FAIL(trustscore_score_entities_ids(m, st, NULL, 3, &t, NULL, NULL, &out),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "holds 2");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* One bad table: the add fails with `needle` and the store keeps its 2 entities. */
static void check_bad_table(trustscore_store* st, const trustscore_id_table* t, int64_t count,
                            const char* needle, int line) {
  const int32_t factor[3] = {0, 0, 0};
  const double value[3] = {1, 1, 1};
  const int status = trustscore_store_add_ids(st, count, t, factor, value, NULL, NULL, NULL, T0);
  const char* msg = trustscore_last_error();
  if (status != TRUSTSCORE_E_INVALID_ARGUMENT || strstr(msg, needle) == NULL ||
      strncmp(msg, "trustscore_store_add_ids: ", 26) != 0)
    fprintf(stderr, "abi_test_id_tables.c:%d: expected \"%s\", got %d \"%s\"\n", line, needle,
            status, msg);
  CHECK(status == TRUSTSCORE_E_INVALID_ARGUMENT && strstr(msg, needle) != NULL);
  CHECK(entity_count(st) == 2);
}
#define BAD(t, count, needle) check_bad_table(st, &(t), (count), (needle), __LINE__)

static void test_bad_tables(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const int64_t two[3] = {0, 2, 4}, down[3] = {0, 3, 2}, past[3] = {0, 2, 9};
  const int64_t negative[3] = {-1, 2, 4}, empty_second[3] = {0, 2, 2};
  const int64_t codes_out[2] = {0, 5}, codes_negative[2] = {-1, 0};
  trustscore_id_table t = table_of("abcd", two, 2, NULL);
  alpha_beta_store(&m, &st);
  CHECK_FAIL(trustscore_store_add_ids(st, 2, NULL, NULL, NULL, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "factor is NULL");
  BAD(t, 3, "entities->count is 2 but count is 3");
  t.reserved = 1, BAD(t, 2, "entities->reserved is not 0"), t.reserved = 0;
  t.count = -1, t.codes = codes_out, BAD(t, 2, "entities->count is negative");
  t.count = 2, t.codes = NULL;
  t.data_size = -1, BAD(t, 2, "entities->data_size is negative"), t.data_size = 4;
  t.data = NULL, BAD(t, 2, "entities->data is NULL but data_size is not 0"), t.data = "abcd";
  t.offsets = NULL, BAD(t, 2, "entities->offsets is NULL but count is not 0");
  t.offsets = down, BAD(t, 2, "entities->offsets[2] 2 is less than offsets[1] 3");
  t.offsets = past, BAD(t, 2, "entities->offsets[2] 9 is past the data (data_size 4)");
  t.offsets = negative, BAD(t, 2, "entities->offsets[0] -1 is outside [0, 4]");
  t.offsets = empty_second, BAD(t, 2, "entities: id 1: entity id is empty");
  t.offsets = two, t.codes = codes_out, BAD(t, 2, "entities->codes[1] 5 is outside [0, 2)");
  t.codes = codes_negative, BAD(t, 2, "entities->codes[0] -1 is outside [0, 2)");
  t.codes = NULL, t.version = 2, t.data = "ab\0d";
  CHECK_FAIL(trustscore_store_add_ids(st, 2, &t, ab_factor, ab_value, NULL, NULL, NULL, T0),
             TRUSTSCORE_E_VERSION_MISMATCH, "entities->version is 2");
  t.version = 1, BAD(t, 2, "entities: id 1: entity id holds a NUL byte (at byte 0)");
  t.data = "a\xC3(x", BAD(t, 2, "entities: id 0: entity id is not valid UTF-8 (at byte 1)");
  t.data = "\xC0\xAFxy", BAD(t, 2, "id 0: entity id is not valid UTF-8 (at byte 0)"); /* overlong */
  t.data = "ab\xED\xA0",
  BAD(t, 2, "id 1: entity id is not valid UTF-8 (at byte 0)"); /* surrogate */
  t.data = "ab\xE2\x82", BAD(t, 2, "id 1: entity id is not valid UTF-8 (at byte 0)"); /* cut */
  t.data = "ab\xF4\x90", BAD(t, 2, "id 1: entity id is not valid UTF-8"); /* past U+10FFFF */
  t.data = "\xC3\xA9xy"; /* "é", "xy": valid UTF-8 */
  CHECK_OK(trustscore_store_add_ids(st, 2, &t, ab_factor, ab_value, NULL, NULL, NULL, T0));
  CHECK(entity_count(st) == 4);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Removes a journal directory (its files, then itself). */
static void remove_dir(const char* dir) {
  DIR* d = opendir(dir);
  struct dirent* e;
  char path[1024];
  if (!d) return;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    remove(path);
  }
  closedir(d);
  rmdir(dir);
}

/* A journaled store: adds with sources and retractions by table are those
   by id; scores as of a past time by table are those by id. */
static void test_journaled_ids(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  char dir[512];
  const char* ids[2] = {"alpha", "beta"};
  const int64_t alpha_beta_offsets[3] = {0, 5, 9};
  const int64_t src_offsets[3] = {0, 0, 6}; /* "" (no source), "review" */
  const int64_t src_codes[3] = {0, 1, 1};
  const double time[3] = {T0, T0, T0 + DAY};
  double want[2], got[2];
  int64_t retracted = -1, unknown = -1;
  trustscore_score_options o;
  trustscore_score_outputs out;
  trustscore_id_table t = table_of("betaalpha", ba_offsets, 2, ab_codes);
  trustscore_id_table sources = table_of("review", src_offsets, 2, src_codes);
  temp_path(dir, sizeof dir, "id_tables_journal");
  remove_dir(dir);
  CHECK_OK(trustscore_model_create(&m));
  CHECK_OK(trustscore_store_open(dir, m, NULL, &st));
  CHECK_OK(trustscore_store_add_journaled_ids(st, 3, &t, ab_factor, ab_value, ab_weight, time, NULL,
                                              &sources, NAN, TRUSTSCORE_DURABILITY_NONE));
  CHECK(entity_count(st) == 2);
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  o.as_of = T0 + DAY / 2, out.capacity = 2, out.score = want;
  CHECK_OK(trustscore_score_as_of(m, st, &o, 2, ids, NULL, &out));
  t = table_of("alphabeta", alpha_beta_offsets, 2, NULL);
  out.score = got;
  CHECK_OK(trustscore_score_as_of_ids(m, st, &o, 2, &t, &unknown, &out));
  CHECK(memcmp(want, got, sizeof want) == 0 && unknown == 0);
  /* The source "review" gave the second and third signals: retract them by source. */
  CHECK_OK(trustscore_store_retract_source(st, "review", TRUSTSCORE_DURABILITY_NONE, &retracted));
  CHECK(retracted == 2);
  t = table_of("betaalpha", ba_offsets, 2, ab_codes);
  CHECK_OK(trustscore_store_retract_journaled_ids(st, 1, &t, ab_factor, ab_value, ab_weight, time,
                                                  NULL, NAN, TRUSTSCORE_DURABILITY_NONE));
  CHECK_NEAR(score_of(m, st, 0), 0.5, TOL); /* alpha has nothing left */
  sources.reserved = 1;
  CHECK_FAIL(trustscore_store_add_journaled_ids(st, 3, &t, ab_factor, ab_value, ab_weight, time,
                                                NULL, &sources, NAN, TRUSTSCORE_DURABILITY_NONE),
             TRUSTSCORE_E_INVALID_ARGUMENT, "sources->reserved is not 0");
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_dir(dir);
}

/* A graph from ids: nodes in order of first appearance, the EigenTrust of
   the same graph from indices. */
static void test_graph_from_ids(void) {
  const int64_t offsets[4] = {0, 1, 2, 3}; /* "b" "a" "c" */
  const int64_t empty_first[4] = {0, 0, 2, 3};
  const int64_t source_codes[3] = {0, 1, 2}, target_codes[3] = {1, 2, 0};
  const int64_t s[3] = {0, 1, 2}, tg[3] = {1, 2, 0};
  const double rating[3] = {1.0, 0.5, 1.0};
  double want[3], got[3];
  int64_t index = -1, len = 0;
  char id[8];
  trustscore_graph *by_index = NULL, *by_id = NULL;
  trustscore_id_table source = table_of("bac", offsets, 3, source_codes);
  trustscore_id_table target = table_of("bac", offsets, 3, target_codes);
  CHECK_OK(trustscore_graph_from_arrays(3, s, tg, rating, 3, NULL, &by_index));
  CHECK_OK(trustscore_graph_from_ids(&source, &target, rating, 3, NULL, &by_id));
  CHECK_OK(trustscore_graph_eigentrust(by_index, NULL, want, 3, NULL, NULL));
  CHECK_OK(trustscore_graph_eigentrust(by_id, NULL, got, 3, NULL, NULL));
  CHECK(memcmp(want, got, sizeof want) == 0);
  CHECK_OK(trustscore_graph_node_id(by_id, 1, id, sizeof id, &len));
  CHECK_STR(id, "a");
  CHECK_OK(trustscore_graph_node_index(by_id, "c", &index));
  CHECK(index == 2);
  trustscore_graph_free(by_id);
  source.offsets = empty_first;
  CHECK_FAIL(trustscore_graph_from_ids(&source, &target, rating, 3, NULL, &by_id),
             TRUSTSCORE_E_INVALID_ARGUMENT, "source: id 0: node id is empty");
  CHECK(by_id == NULL);
  CHECK_FAIL(trustscore_graph_from_ids(&target, &target, NULL, 3, NULL, &by_id),
             TRUSTSCORE_E_INVALID_ARGUMENT, "rating is NULL");
  trustscore_graph_free(by_index);
}

static const abi_test tests[] = {
    ABI_TEST(test_id_table_init),      ABI_TEST(test_add_ids_equals_add_by_id),
    ABI_TEST(test_retract_ids),        ABI_TEST(test_find_entities),
    ABI_TEST(test_score_entities_ids), ABI_TEST(test_bad_tables),
    ABI_TEST(test_journaled_ids),      ABI_TEST(test_graph_from_ids),
};

const abi_suite abi_suite_id_tables = ABI_SUITE("id_tables", tests);
