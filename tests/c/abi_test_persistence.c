/* Saving and loading models and stores, to buffers and files; inspecting them;
   every bad argument and damaged input. */
#include "abi_test.h"

#define PATH_SIZE 512

static const char* const ids[4] = {"a", "b", "a", "c"};
static const int32_t factor[4] = {0, 3, 7, 8};
static const double value[4] = {1.0, 0.25, 0.5, 0.0};
static const double weight[4] = {2, 1, 3, 1};

/* A dirichlet model (its store counts levels, the most to save) and a store
   of a, b and c; s1 and l1 (3 each): their scores and lower bounds. */
static void saved_model_and_store(trustscore_model** model_out, trustscore_store** store_out,
                                  double* s1, double* l1) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  CHECK_OK(kind_model("dirichlet", "{\"levels\": 3}", &m));
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_add_signals(st, 4, ids, NULL, factor, value, weight, NULL, NULL, T0));
  CHECK_OK(score_all(m, st, NULL, 0.95, 3, NF, s1, l1, NULL, NULL, NULL, NULL, NULL));
  *model_out = m;
  *store_out = st;
}

/* Round trips through buffers in every archive kind: the same model JSON. */
static void test_model_buffer_round_trips(void) {
  double s1[3], l1[3];
  trustscore_model* m = NULL;
  trustscore_model* m2 = NULL;
  trustscore_store* st = NULL;
  void* data = NULL;
  int64_t len = -1, payload = -1;
  int content = 0, archive = 0, version = 0, k;
  saved_model_and_store(&m, &st, s1, l1);
  for (k = TRUSTSCORE_ARCHIVE_BINARY; k <= TRUSTSCORE_ARCHIVE_XML; ++k) {
    char* a = model_json(m);
    char* b;
    CHECK_OK(trustscore_model_save_buffer(m, k, &data, &len));
    CHECK(data != NULL && len > 40);
    CHECK_OK(trustscore_inspect_buffer(data, len, &content, &archive, &version, &payload));
    CHECK(content == TRUSTSCORE_CONTENT_MODEL && archive == k && version == 1);
    CHECK(payload == len - 40);
    CHECK_OK(trustscore_model_load_buffer(data, len, &m2));
    b = m2 ? model_json(m2) : NULL;
    CHECK(a && b && strcmp(a, b) == 0);
    free(a);
    free(b);
    trustscore_model_free(m2);
    m2 = NULL;
    trustscore_buffer_free(data);
    data = NULL;
  }
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Round trips through buffers in every archive kind: the same scores to the bit. */
static void test_store_buffer_round_trips(void) {
  double s1[3], s2[3], l1[3], l2[3];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* st2 = NULL;
  void* data = NULL;
  int64_t len = -1;
  int k;
  saved_model_and_store(&m, &st, s1, l1);
  for (k = TRUSTSCORE_ARCHIVE_BINARY; k <= TRUSTSCORE_ARCHIVE_XML; ++k) {
    int64_t nf = -1, flen = -1;
    char fid[64];
    CHECK_OK(trustscore_store_save_buffer(st, k, &data, &len));
    CHECK_OK(trustscore_store_load_buffer(data, len, &st2));
    CHECK(entity_count(st2) == 3);
    CHECK_OK(trustscore_store_factor_count(st2, &nf));
    CHECK(nf == NF);
    CHECK_OK(trustscore_store_factor_id(st2, 8, fid, sizeof fid, &flen));
    CHECK_STR(fid, "service_details");
    CHECK_FAIL(trustscore_store_factor_id(st2, NF, fid, sizeof fid, &flen),
               TRUSTSCORE_E_INVALID_ARGUMENT, "index");
    CHECK_FAIL(trustscore_store_factor_count(NULL, &nf), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
    CHECK_OK(score_all(m, st2, NULL, 0.95, 3, NF, s2, l2, NULL, NULL, NULL, NULL, NULL));
    CHECK(memcmp(s1, s2, sizeof s1) == 0 && memcmp(l1, l2, sizeof l1) == 0);
    trustscore_store_free(st2);
    st2 = NULL;
    trustscore_buffer_free(data);
    data = NULL;
  }
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static void test_file_round_trips(void) {
  double s1[3], s2[3], l1[3];
  trustscore_model* m = NULL;
  trustscore_model* m2 = NULL;
  trustscore_store* st = NULL;
  trustscore_store* st2 = NULL;
  int content = 0;
  char path[PATH_SIZE];
  temp_path(path, sizeof path, "store.tsf");
  saved_model_and_store(&m, &st, s1, l1);
  CHECK_OK(trustscore_store_save(st, path, TRUSTSCORE_ARCHIVE_BINARY));
  CHECK_OK(trustscore_inspect_file(path, &content, NULL, NULL, NULL));
  CHECK(content == TRUSTSCORE_CONTENT_STORE);
  CHECK_OK(trustscore_store_load(path, &st2));
  CHECK_OK(score_all(m, st2, NULL, 0.95, 3, NF, s2, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK(memcmp(s1, s2, sizeof s1) == 0);
  trustscore_store_free(st2);
  CHECK_OK(trustscore_model_save(m, path, TRUSTSCORE_ARCHIVE_XML)); /* replaces the store */
  CHECK_OK(trustscore_model_load(path, &m2));
  trustscore_model_free(m2);
  remove(path);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Every bad argument to a save: a status, a message, the handles usable. */
static void test_save_rejects_bad_arguments(void) {
  double s1[3], l1[3];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  void* data = NULL;
  int64_t len = -1;
  char path[PATH_SIZE], missing[PATH_SIZE];
  temp_path(path, sizeof path, "store.tsf");
  temp_path(missing, sizeof missing, "no_dir/x.tsf");
  saved_model_and_store(&m, &st, s1, l1);
  CHECK_FAIL(trustscore_model_save(NULL, path, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK_FAIL(trustscore_model_save(m, NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  CHECK_FAIL(trustscore_model_save(m, path, 7), TRUSTSCORE_E_INVALID_ARGUMENT, "archive");
  CHECK_FAIL(trustscore_store_save(st, path, 0), TRUSTSCORE_E_INVALID_ARGUMENT, "archive");
  CHECK_FAIL(trustscore_store_save(st, missing, 1), TRUSTSCORE_E_IO, "no_dir");
  CHECK_FAIL(trustscore_store_save_buffer(st, 1, NULL, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "data");
  CHECK_FAIL(trustscore_store_save_buffer(st, 1, &data, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length");
  CHECK(data == NULL);
  CHECK_FAIL(trustscore_store_save_buffer(NULL, 1, &data, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store");
  remove(path);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Every bad argument and input to a load or an inspection: a status, a message,
 *out NULL. */
static void test_load_rejects_bad_arguments(void) {
  double s1[3], l1[3];
  trustscore_model* m = NULL;
  trustscore_model* m2 = NULL;
  trustscore_store* st = NULL;
  trustscore_store* st2 = NULL;
  char path[PATH_SIZE], missing[PATH_SIZE];
  temp_path(path, sizeof path, "store.tsf");
  temp_path(missing, sizeof missing, "no_dir/x.tsf");
  saved_model_and_store(&m, &st, s1, l1);
  CHECK_OK(trustscore_model_save(m, path, TRUSTSCORE_ARCHIVE_XML)); /* a model, not a store */
  st2 = st;
  CHECK_FAIL(trustscore_store_load(missing, &st2), TRUSTSCORE_E_IO, "no_dir");
  CHECK(st2 == NULL);
  CHECK_FAIL(trustscore_store_load(NULL, &st2), TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  CHECK_FAIL(trustscore_store_load(path, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  CHECK_FAIL2(trustscore_store_load(path, &st2), TRUSTSCORE_E_BAD_FORMAT, "holds a model",
              "c_abi_");
  CHECK(st2 == NULL);
  CHECK_FAIL(trustscore_store_load_buffer(NULL, 5, &st2), TRUSTSCORE_E_INVALID_ARGUMENT, "data");
  CHECK_FAIL(trustscore_store_load_buffer("x", -1, &st2), TRUSTSCORE_E_INVALID_ARGUMENT, "length");
  CHECK_FAIL(trustscore_store_load_buffer(NULL, 0, &st2), TRUSTSCORE_E_BAD_FORMAT, "empty");
  CHECK_FAIL(trustscore_model_load_buffer("GIF89a", 6, &m2), TRUSTSCORE_E_BAD_FORMAT, "magic");
  CHECK(m2 == NULL);
  CHECK_FAIL(trustscore_inspect_buffer(NULL, 3, NULL, NULL, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "data");
  CHECK_FAIL(trustscore_inspect_file(missing, NULL, NULL, NULL, NULL), TRUSTSCORE_E_IO, "no_dir");
  remove(path);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* A truncated or corrupted buffer is refused; the intact one loads after. */
static void test_load_rejects_damaged_buffers(void) {
  double s1[3], l1[3];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* st2 = NULL;
  void* data = NULL;
  int64_t len = -1;
  saved_model_and_store(&m, &st, s1, l1);
  CHECK_OK(trustscore_store_save_buffer(st, TRUSTSCORE_ARCHIVE_BINARY, &data, &len));
  if (data) {
    unsigned char* bytes = (unsigned char*)data;
    CHECK_FAIL(trustscore_store_load_buffer(data, len - 1, &st2), TRUSTSCORE_E_BAD_FORMAT,
               "truncated");
    bytes[len / 2] ^= 0x10;
    CHECK_FAIL(trustscore_store_load_buffer(data, len, &st2), TRUSTSCORE_E_BAD_FORMAT, "checksum");
    CHECK(st2 == NULL);
    bytes[len / 2] ^= 0x10;
    CHECK_OK(trustscore_store_load_buffer(data, len, &st2)); /* usable after failures */
    trustscore_store_free(st2);
  }
  trustscore_buffer_free(data);
  trustscore_buffer_free(NULL);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

static const abi_test tests[] = {
    ABI_TEST(test_model_buffer_round_trips),   ABI_TEST(test_store_buffer_round_trips),
    ABI_TEST(test_file_round_trips),           ABI_TEST(test_save_rejects_bad_arguments),
    ABI_TEST(test_load_rejects_bad_arguments), ABI_TEST(test_load_rejects_damaged_buffers),
};
const abi_suite abi_suite_persistence = ABI_SUITE("persistence", tests);
