/* The harness of the C ABI test (see abi_test.h): checks, helpers, fixtures
   and the runner. */
#include <unistd.h>

#include "abi_test.h"

/* ---- Checks ---------------------------------------------------------------- */

static int checks = 0;
static int failures = 0;

void check_(int ok, const char* file, int line, const char* what) {
  ++checks;
  if (!ok) {
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    ++failures;
  }
}

void check_ok_(int status, const char* file, int line, const char* what) {
  const char* msg = trustscore_last_error();
  ++checks;
  if (status != TRUSTSCORE_OK || msg == NULL || msg[0] != '\0') {
    fprintf(stderr, "%s:%d: expected OK from %s, got %d (%s), last error \"%s\"\n", file, line,
            what, status, trustscore_status_str(status), msg ? msg : "(NULL)");
    ++failures;
  }
}

void check_fail_(int status, int expected, const char* needle1, const char* needle2,
                 const char* file, int line, const char* what) {
  const char* msg = trustscore_last_error();
  char function[64] = "";
  size_t n = 0;
  int ok = status == expected && msg != NULL && msg[0] != '\0';
  if (ok && needle1) ok = strstr(msg, needle1) != NULL;
  if (ok && needle2) ok = strstr(msg, needle2) != NULL;
  /* "trustscore_xxx(args)": the message must begin with "trustscore_xxx: ". */
  if (strncmp(what, "trustscore_", 11) == 0) {
    while (n + 2 < sizeof function && what[n] && what[n] != '(') function[n] = what[n], ++n;
    function[n++] = ':';
    function[n] = '\0';
    if (ok) ok = strncmp(msg, function, n) == 0;
  }
  ++checks;
  if (!ok) {
    fprintf(stderr,
            "%s:%d: expected %d (%s) from %s with a message containing \"%s\"%s%s%s, got %d (%s), "
            "last error \"%s\"\n",
            file, line, expected, trustscore_status_str(expected), what, needle1 ? needle1 : "",
            needle2 ? " and \"" : "", needle2 ? needle2 : "", needle2 ? "\"" : "", status,
            trustscore_status_str(status), msg ? msg : "(NULL)");
    ++failures;
  }
}

void check_near_(double got, double want, double tol, const char* file, int line,
                 const char* what) {
  ++checks;
  if (!(fabs(got - want) <= tol)) {
    fprintf(stderr, "%s:%d: %s is %.17g, expected %.17g (tolerance %g)\n", file, line, what, got,
            want, tol);
    ++failures;
  }
}

void check_str_(const char* got, const char* want, const char* file, int line, const char* what) {
  ++checks;
  if (got == NULL || strcmp(got, want) != 0) {
    fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what,
            got ? got : "(NULL)", want);
    ++failures;
  }
}

/* ---- The built-in model ---------------------------------------------------- */

const char* const builtin_ids[NF] = {
    "authenticity",   "third_party_endorsement", "values",  "data_security",
    "data_points",    "official_backing",        "experts", "koc_word_of_mouth",
    "service_details"};
const double decision_weights[NF] = {2, 1.5, 0.5, 2, 1.5, 1, 1, 2, 1};
const double awareness_weights[NF] = {1, 1.5, 1.5, 0.5, 0.5, 2, 1, 2, 0.5};

/* ---- Helpers ----------------------------------------------------------------- */

int score_all(const trustscore_model* m, const trustscore_store* st, const char* profile,
              double confidence, int64_t n, int64_t nf, double* score, double* lower, double* upper,
              double* contributions, double* gains, int32_t* best, double* baseline) {
  trustscore_score_options o;
  int rc = trustscore_score_options_init(&o);
  if (rc != TRUSTSCORE_OK) return rc;
  o.profile = profile;
  o.confidence = confidence;
  o.threads = 1;
  return trustscore_score(m, st, &o, score, score ? n : 0, lower, lower ? n : 0, upper,
                          upper ? n : 0, contributions, contributions ? n * nf : 0, gains,
                          gains ? n * nf : 0, best, best ? n : 0, baseline);
}

int64_t entity_count(const trustscore_store* st) {
  int64_t n = -99;
  if (trustscore_store_entity_count(st, &n) != TRUSTSCORE_OK) return -98;
  return n;
}

int64_t factor_count(const trustscore_model* m) {
  int64_t n = -99;
  if (trustscore_model_factor_count(m, &n) != TRUSTSCORE_OK) return -98;
  return n;
}

double score_of(const trustscore_model* m, const trustscore_store* st, int64_t e) {
  double score[16];
  const int64_t n = entity_count(st);
  if (n < 0 || n > 16 || e >= n) return NAN;
  if (trustscore_score(m, st, NULL, score, n, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL) !=
      TRUSTSCORE_OK)
    return NAN;
  return score[e];
}

char* model_json(const trustscore_model* m) {
  int64_t len = -1;
  char* text;
  if (trustscore_model_to_json(m, NULL, 0, &len) != TRUSTSCORE_OK || len < 0) return NULL;
  text = (char*)malloc((size_t)len + 1);
  if (text && trustscore_model_to_json(m, text, len + 1, &len) != TRUSTSCORE_OK) {
    free(text);
    return NULL;
  }
  return text;
}

int from_json(const char* text, trustscore_model** out) {
  return trustscore_model_from_json(text, (int64_t)strlen(text), out);
}

int kind_model(const char* kind, const char* parameters, trustscore_model** out) {
  char cfg[1024];
  snprintf(cfg, sizeof cfg,
           "{\"kind\": \"%s\"%s%s, \"factors\": ["
           "{\"id\": \"authenticity\", \"half_life_days\": null, \"negativity\": 1},"
           "{\"id\": \"values\", \"half_life_days\": null, \"negativity\": 1},"
           "{\"id\": \"experts\", \"half_life_days\": null, \"negativity\": 1}],"
           " \"profiles\": {\"flat\": [1, 1, 1, 1, 1, 1, 1, 1, 1]}, \"default_profile\": \"flat\"}",
           kind, parameters[0] ? ", \"parameters\": " : "", parameters);
  return from_json(cfg, out);
}

void temp_path(char* path, size_t size, const char* name) {
  snprintf(path, size, "%s/c_abi_%ld_%s", TRUSTSCORE_C_TEST_TMPDIR, (long)getpid(), name);
}

int write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  if (!f) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

/* ---- Fixtures ------------------------------------------------------------------ */

trustscore_model* default_model(void) {
  trustscore_model* m = NULL;
  CHECK_OK(trustscore_model_create(&m));
  return m;
}

void empty_store(trustscore_model** model_out, trustscore_store** store_out) {
  trustscore_model* m = default_model();
  trustscore_store* st = NULL;
  CHECK_OK(trustscore_store_create(m, &st));
  *model_out = m;
  *store_out = st;
}

void alpha_beta_store(trustscore_model** model_out, trustscore_store** store_out) {
  const char* ids[3] = {"alpha", "alpha", "beta"};
  const int32_t factor[3] = {AUTHENTICITY, DATA_SECURITY, SERVICE_DETAILS};
  const double value[3] = {1.0, 0.25, 0.5};
  const double weight[3] = {3.0, 2.0, 2.0};
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  empty_store(&m, &st);
  CHECK_OK(trustscore_store_add_signals(st, 3, ids, NULL, factor, value, weight, NULL, NULL, T0));
  *model_out = m;
  *store_out = st;
}

void alpha_beta_koc_store(trustscore_model** model_out, trustscore_store** store_out) {
  /* beta: koc_word_of_mouth value 1 strength 1 from a source of credibility 0.5, and a
     signal of weight 0 with time NaN (default_time T0). */
  const int64_t ent[2] = {1, 1};
  const int32_t fac[2] = {KOC_WORD_OF_MOUTH, VALUES};
  const double val[2] = {1.0, 0.0};
  const double w[2] = {1.0, 0.0};
  const double tm[2] = {T0, NAN};
  const double cred[2] = {0.5, 1.0};
  trustscore_store* st = NULL;
  alpha_beta_store(model_out, &st);
  CHECK_OK(trustscore_store_add_signals(st, 2, NULL, ent, fac, val, w, tm, cred, T0));
  *store_out = st;
}

/* ---- Runner ---------------------------------------------------------------------- */

/* In the order of trustscore.h's sections, the order they run in: errors first,
   since it checks that the last error is empty before any call has failed. */
static const abi_suite* const suites[] = {
    &abi_suite_errors,
    &abi_suite_model,
    &abi_suite_model_kinds,
    &abi_suite_store,
    &abi_suite_scoring,
    &abi_suite_score_into,
    &abi_suite_factor_parameters,
    &abi_suite_persistence,
    &abi_suite_graphs,
    &abi_suite_metrics,
    &abi_suite_evaluation,
    &abi_suite_conventions,
    &abi_suite_online,
    &abi_suite_journal,
    &abi_suite_history,
    &abi_suite_csv,
    &abi_suite_id_tables,
    &abi_suite_tuning,
};
#define SUITE_COUNT (sizeof suites / sizeof suites[0])

/* tests/CMakeLists.txt registers one ctest test per concept: a suite missing
   there would never run under ctest, so the two lists must agree. */
static int concepts_match_cmake(void) {
#ifdef TRUSTSCORE_C_ABI_CONCEPTS
  char ours[512] = "";
  size_t i;
  for (i = 0; i < SUITE_COUNT; ++i) {
    if (i) strncat(ours, ",", sizeof ours - strlen(ours) - 1);
    strncat(ours, suites[i]->concept, sizeof ours - strlen(ours) - 1);
  }
  if (strcmp(ours, TRUSTSCORE_C_ABI_CONCEPTS) != 0) {
    fprintf(stderr,
            "c_abi: the runner's concepts \"%s\" differ from TRUSTSCORE_C_ABI_CONCEPTS \"%s\" "
            "in tests/CMakeLists.txt\n",
            ours, TRUSTSCORE_C_ABI_CONCEPTS);
    return 0;
  }
#endif
  return 1;
}

static void run_suite(const abi_suite* suite) {
  const int checks_before = checks, failures_before = failures;
  size_t i;
  for (i = 0; i < suite->count; ++i) {
    const int failed_before = failures;
    suite->tests[i].run();
    if (failures != failed_before)
      fprintf(stderr, "c_abi %s: %s: %d checks failed\n", suite->concept, suite->tests[i].name,
              failures - failed_before);
  }
  printf("c_abi %s: %d tests, %d checks, %d failed\n", suite->concept, (int)suite->count,
         checks - checks_before, failures - failures_before);
}

/* No argument: every suite. Otherwise the suites named (in the order above). */
int main(int argc, char** argv) {
  int selected[SUITE_COUNT] = {0};
  size_t i;
  int a;
  if (!concepts_match_cmake()) return 2;
  for (a = 1; a < argc; ++a) {
    for (i = 0; i < SUITE_COUNT && strcmp(argv[a], suites[i]->concept) != 0; ++i) continue;
    if (i == SUITE_COUNT) {
      fprintf(stderr, "usage: %s [concept...]; unknown concept '%s', the concepts are:", argv[0],
              argv[a]);
      for (i = 0; i < SUITE_COUNT; ++i) fprintf(stderr, " %s", suites[i]->concept);
      fprintf(stderr, "\n");
      return 2;
    }
    selected[i] = 1;
  }
  for (i = 0; i < SUITE_COUNT; ++i)
    if (argc == 1 || selected[i]) run_suite(suites[i]);
  if (failures != 0) {
    fprintf(stderr, "c_abi: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("c_abi: %d checks passed\n", checks);
  return 0;
}
