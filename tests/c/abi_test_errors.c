/* Versions, status strings and the (thread-local) last error. */
#include <pthread.h>

#include "abi_test.h"

/* First of all tests: nothing has failed yet. */
static void test_last_error_empty_before_any_failure(void) {
  /* Never NULL, empty before any failure. */
  CHECK(trustscore_last_error() != NULL);
  CHECK_STR(trustscore_last_error(), "");

  /* Free functions accept NULL. */
  trustscore_model_free(NULL);
  trustscore_store_free(NULL);
  CHECK_STR(trustscore_last_error(), "");
}

static void test_versions(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", TRUSTSCORE_VERSION_MAJOR,
           TRUSTSCORE_VERSION_MINOR, TRUSTSCORE_VERSION_PATCH);
  CHECK_STR(trustscore_version(), expected);
  CHECK_STR(trustscore_version(), TRUSTSCORE_VERSION_STRING);
  CHECK(trustscore_abi_version() == TRUSTSCORE_ABI_VERSION);
}

static void test_status_codes_pinned(void) {
  /* Pinned forever. */
  CHECK(TRUSTSCORE_OK == 0);
  CHECK(TRUSTSCORE_E_INVALID_ARGUMENT == -1);
  CHECK(TRUSTSCORE_E_OUT_OF_MEMORY == -2);
  CHECK(TRUSTSCORE_E_BUFFER_TOO_SMALL == -3);
  CHECK(TRUSTSCORE_E_BAD_FORMAT == -4);
  CHECK(TRUSTSCORE_E_VERSION_MISMATCH == -5);
  CHECK(TRUSTSCORE_E_INTERNAL == -6);
  CHECK(TRUSTSCORE_E_IO == -7);
}

static void test_status_strings(void) {
  CHECK_STR(trustscore_status_str(TRUSTSCORE_OK), "ok");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_INVALID_ARGUMENT), "invalid argument");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_OUT_OF_MEMORY), "out of memory");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_BUFFER_TOO_SMALL), "buffer too small");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_BAD_FORMAT), "bad format");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_VERSION_MISMATCH), "version mismatch");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_INTERNAL), "internal error");
  CHECK_STR(trustscore_status_str(TRUSTSCORE_E_IO), "i/o error");
  CHECK_STR(trustscore_status_str(12345), "unknown status");
  CHECK_STR(trustscore_status_str(-8), "unknown status");
  CHECK_STR(trustscore_status_str(INT32_MIN), "unknown status");
}

/* ---- Thread-local last error ------------------------------------------------ */

typedef struct {
  const trustscore_model* model;
  int empty_at_start, status, names_own_factor, names_main_factor, empty_after_ok;
  double score;
} worker_t;

/* Records what the worker thread saw; the main thread checks it after the join. */
static void* worker(void* arg) {
  worker_t* w = (worker_t*)arg;
  int64_t idx = -1, n = -1;
  w->empty_at_start = strcmp(trustscore_last_error(), "") == 0;
  w->status = trustscore_model_factor_index(w->model, "worker_factor", &idx);
  w->names_own_factor = strstr(trustscore_last_error(), "worker_factor") != NULL;
  w->names_main_factor = strstr(trustscore_last_error(), "main_factor") != NULL;
  w->empty_after_ok = trustscore_model_factor_count(w->model, &n) == TRUSTSCORE_OK && n == NF &&
                      strcmp(trustscore_last_error(), "") == 0;
  /* Leave a failure behind on this thread. */
  (void)trustscore_model_factor_index(w->model, "worker_factor_2", &idx);
  return NULL;
}

static void test_last_error_is_thread_local(void) {
  trustscore_model* m = NULL;
  int64_t idx = -1;
  char saved[256];
  pthread_t th;
  worker_t w;
  CHECK_OK(trustscore_model_create(&m));
  CHECK_FAIL(trustscore_model_factor_index(m, "main_factor", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "main_factor");
  snprintf(saved, sizeof saved, "%s", trustscore_last_error());
  memset(&w, 0, sizeof w);
  w.model = m;
  CHECK(pthread_create(&th, NULL, worker, &w) == 0);
  CHECK(pthread_join(th, NULL) == 0);
  CHECK(w.empty_at_start);
  CHECK(w.status == TRUSTSCORE_E_INVALID_ARGUMENT);
  CHECK(w.names_own_factor);
  CHECK(!w.names_main_factor);
  CHECK(w.empty_after_ok);
  /* The main thread's message is untouched by the other thread's failures and success. */
  CHECK_STR(trustscore_last_error(), saved);
  CHECK(strstr(trustscore_last_error(), "main_factor") != NULL);
  CHECK(strstr(trustscore_last_error(), "worker_factor") == NULL);
  /* A success here clears it. */
  CHECK_OK(trustscore_model_factor_index(m, "experts", &idx));
  CHECK(idx == EXPERTS);
  trustscore_model_free(m);
}

static const abi_test tests[] = {
    ABI_TEST(test_last_error_empty_before_any_failure),
    ABI_TEST(test_versions),
    ABI_TEST(test_status_codes_pinned),
    ABI_TEST(test_status_strings),
    ABI_TEST(test_last_error_is_thread_local),
};
const abi_suite abi_suite_errors = ABI_SUITE("errors", tests);
