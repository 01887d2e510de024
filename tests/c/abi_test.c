/* The C ABI from C99: every exported call, its success path and every error
 * path we can reach from C. For each failure the test checks the exact status,
 * that trustscore_last_error() names the function and the offending argument
 * or problem, and that the handle is still usable: the next correct call
 * works and gives the right (hand-computed) result.
 *
 * The model (see include/trustscore/kinds/beta.hpp): per factor
 *   p = (r + a W) / (r + s + W),  a = 0.5 (base rate), W = 2 (prior weight),
 * where a signal of strength w and value v adds w v to r and w (1 - v) * 2 to
 * s (negativity 2 multiplies negative mass), both decayed by 2^(-age/half-life).
 * The score is sum_f w_f p_f with the profile's weights normalised to sum 1;
 * the default profile "decision" weighs authenticity 2,
 * third_party_endorsement 1.5, values 0.5, data_security 2, data_points 1.5,
 * official_backing 1, experts 1, koc_word_of_mouth 2, service_details 1
 * (total 12.5). Contributions w_f (p_f - a_f) add up to score - baseline,
 * baseline = sum_f w_f a_f; gains w_f (1 - p_f) / (n_f + 1); the interval is
 * score +- z sqrt(sum_f w_f^2 p_f (1 - p_f) / (n_f + 1)) clipped to [0, 1],
 * z = 1.959963984540054 for 95 %. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trustscore/trustscore.h"

#ifndef TRUSTSCORE_C_TEST_TMPDIR
#define TRUSTSCORE_C_TEST_TMPDIR "/tmp"
#endif

/* ---- Checks ---------------------------------------------------------------- */

static int checks = 0;
static int failures = 0;

static void check_(int ok, const char* file, int line, const char* what) {
  ++checks;
  if (!ok) {
    fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    ++failures;
  }
}

/* The call succeeded and left the last error empty. */
static void check_ok_(int status, const char* file, int line, const char* what) {
  const char* msg = trustscore_last_error();
  ++checks;
  if (status != TRUSTSCORE_OK || msg == NULL || msg[0] != '\0') {
    fprintf(stderr, "%s:%d: expected OK from %s, got %d (%s), last error \"%s\"\n", file, line,
            what, status, trustscore_status_str(status), msg ? msg : "(NULL)");
    ++failures;
  }
}

/* The call failed with exactly `expected`, and the last error starts with the
   function's name and contains each needle (NULL: none). */
static void check_fail_(int status, int expected, const char* needle1, const char* needle2,
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

static void check_near_(double got, double want, double tol, const char* file, int line,
                        const char* what) {
  ++checks;
  if (!(fabs(got - want) <= tol)) {
    fprintf(stderr, "%s:%d: %s is %.17g, expected %.17g (tolerance %g)\n", file, line, what, got,
            want, tol);
    ++failures;
  }
}

static void check_str_(const char* got, const char* want, const char* file, int line,
                       const char* what) {
  ++checks;
  if (got == NULL || strcmp(got, want) != 0) {
    fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what,
            got ? got : "(NULL)", want);
    ++failures;
  }
}

#define CHECK(cond) check_((cond) != 0, __FILE__, __LINE__, #cond)
#define CHECK_OK(call) check_ok_((call), __FILE__, __LINE__, #call)
#define CHECK_FAIL(call, status, needle) \
  check_fail_((call), (status), (needle), NULL, __FILE__, __LINE__, #call)
#define CHECK_FAIL2(call, status, needle1, needle2) \
  check_fail_((call), (status), (needle1), (needle2), __FILE__, __LINE__, #call)
#define CHECK_NEAR(got, want, tol) check_near_((got), (want), (tol), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) check_str_((got), (want), __FILE__, __LINE__, #got)

#define TOL 1e-12
#define Z95 1.959963984540054
#define NF 9 /* built-in factors */

enum {
  AUTHENTICITY,
  THIRD_PARTY_ENDORSEMENT,
  VALUES,
  DATA_SECURITY,
  DATA_POINTS,
  OFFICIAL_BACKING,
  EXPERTS,
  KOC_WORD_OF_MOUTH,
  SERVICE_DETAILS
};

static const char* const builtin_ids[NF] = {
    "authenticity",   "third_party_endorsement", "values",  "data_security",
    "data_points",    "official_backing",        "experts", "koc_word_of_mouth",
    "service_details"};
static const double decision_weights[NF] = {2, 1.5, 0.5, 2, 1.5, 1, 1, 2, 1};
static const double awareness_weights[NF] = {1, 1.5, 1.5, 0.5, 0.5, 2, 1, 2, 0.5};

/* 2023-11-14T22:13:20Z: the time every undecayed signal below carries. */
#define T0 1700000000.0
#define DAY 86400.0

/* ---- Reference scoring, straight from the formulas ---------------------- */

typedef struct {
  double score, lower, upper, baseline;
  double contributions[16], gains[16];
  int32_t best_lever;
} expected_t;

/* r, s: masses already decayed and with negativity applied; a, W per factor. */
static expected_t reference(int nf, const double* raw_weight, const double* r, const double* s,
                            const double* a, const double* W, double z) {
  expected_t e;
  double total = 0, var = 0, best_gain = -1;
  int f;
  memset(&e, 0, sizeof e);
  e.best_lever = -1;
  for (f = 0; f < nf; ++f) total += raw_weight[f];
  for (f = 0; f < nf; ++f) {
    const double w = raw_weight[f] / total;
    const double n = r[f] + s[f] + W[f];
    const double p = (r[f] + a[f] * W[f]) / n;
    e.baseline += w * a[f];
    e.score += w * p;
    var += w * w * p * (1 - p) / (n + 1);
    e.contributions[f] = w * (p - a[f]);
    e.gains[f] = w * (1 - p) / (n + 1);
    if (w > 0 && e.gains[f] > best_gain) best_gain = e.gains[f], e.best_lever = f;
  }
  e.lower = e.score - z * sqrt(var);
  e.upper = e.score + z * sqrt(var);
  if (e.lower < 0) e.lower = 0;
  if (e.upper > 1) e.upper = 1;
  return e;
}

static expected_t reference_default(const double* weights, const double* r, const double* s,
                                    double z) {
  const double a[NF] = {.5, .5, .5, .5, .5, .5, .5, .5, .5};
  const double W[NF] = {2, 2, 2, 2, 2, 2, 2, 2, 2};
  return reference(NF, weights, r, s, a, W, z);
}

/* ---- Helpers ----------------------------------------------------------------- */

/* Scores every entity into the given arrays (capacity n, n * nf); NULL skips. */
static int score_all(const trustscore_model* m, const trustscore_store* st, const char* profile,
                     double confidence, int64_t n, int64_t nf, double* score, double* lower,
                     double* upper, double* contributions, double* gains, int32_t* best,
                     double* baseline) {
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

static int64_t entity_count(const trustscore_store* st) {
  int64_t n = -99;
  if (trustscore_store_entity_count(st, &n) != TRUSTSCORE_OK) return -98;
  return n;
}

static int64_t factor_count(const trustscore_model* m) {
  int64_t n = -99;
  if (trustscore_model_factor_count(m, &n) != TRUSTSCORE_OK) return -98;
  return n;
}

/* Score of entity e under the default profile, or NaN on failure. */
static double score_of(const trustscore_model* m, const trustscore_store* st, int64_t e) {
  double score[16];
  const int64_t n = entity_count(st);
  if (n < 0 || n > 16 || e >= n) return NAN;
  if (trustscore_score(m, st, NULL, score, n, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL) !=
      TRUSTSCORE_OK)
    return NAN;
  return score[e];
}

static char* model_json(const trustscore_model* m) {
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

static int from_json(const char* text, trustscore_model** out) {
  return trustscore_model_from_json(text, (int64_t)strlen(text), out);
}

static int write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  if (!f) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

/* ---- Versions, status strings, last error -------------------------------- */

static void test_versions(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", TRUSTSCORE_VERSION_MAJOR,
           TRUSTSCORE_VERSION_MINOR, TRUSTSCORE_VERSION_PATCH);
  CHECK_STR(trustscore_version(), expected);
  CHECK_STR(trustscore_version(), TRUSTSCORE_VERSION_STRING);
  CHECK(trustscore_abi_version() == TRUSTSCORE_ABI_VERSION);

  /* Pinned forever. */
  CHECK(TRUSTSCORE_OK == 0);
  CHECK(TRUSTSCORE_E_INVALID_ARGUMENT == -1);
  CHECK(TRUSTSCORE_E_OUT_OF_MEMORY == -2);
  CHECK(TRUSTSCORE_E_BUFFER_TOO_SMALL == -3);
  CHECK(TRUSTSCORE_E_BAD_FORMAT == -4);
  CHECK(TRUSTSCORE_E_VERSION_MISMATCH == -5);
  CHECK(TRUSTSCORE_E_INTERNAL == -6);
  CHECK(TRUSTSCORE_E_IO == -7);
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

  /* Never NULL, empty before any failure. */
  CHECK(trustscore_last_error() != NULL);
  CHECK_STR(trustscore_last_error(), "");

  /* Free functions accept NULL. */
  trustscore_model_free(NULL);
  trustscore_store_free(NULL);
  CHECK_STR(trustscore_last_error(), "");
}

/* ---- Model: creation, look-ups, strings out ------------------------------- */

static void test_model_lookups(void) {
  trustscore_model* m = NULL;
  int64_t n = -1, len = -1, idx = -1, i;
  char buf[64];

  CHECK_FAIL(trustscore_model_create(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  CHECK_OK(trustscore_model_create(&m));
  CHECK(m != NULL);
  CHECK_STR(trustscore_last_error(), "");

  CHECK_OK(trustscore_model_factor_count(m, &n));
  CHECK(n == NF);
  for (i = 0; i < NF; ++i) {
    CHECK_OK(trustscore_model_factor_id(m, i, buf, sizeof buf, &len));
    CHECK_STR(buf, builtin_ids[i]);
    CHECK(len == (int64_t)strlen(builtin_ids[i]));
    CHECK_OK(trustscore_model_factor_index(m, builtin_ids[i], &idx));
    CHECK(idx == i);
  }
  CHECK_OK(trustscore_model_profile_count(m, &n));
  CHECK(n == 4);
  {
    const char* const names[4] = {"awareness", "consideration", "decision", "nurturing"};
    for (i = 0; i < 4; ++i) {
      CHECK_OK(trustscore_model_profile_name(m, i, buf, sizeof buf, &len));
      CHECK_STR(buf, names[i]);
      CHECK(len == (int64_t)strlen(names[i]));
    }
  }

  /* NULL handles and NULL outputs. */
  CHECK_FAIL(trustscore_model_factor_count(NULL, &n), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK(factor_count(m) == NF);
  CHECK_FAIL(trustscore_model_factor_count(m, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK(factor_count(m) == NF);
  CHECK_FAIL(trustscore_model_profile_count(NULL, &n), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK_FAIL(trustscore_model_profile_count(m, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK_OK(trustscore_model_profile_count(m, &n));
  CHECK(n == 4);
  CHECK_FAIL(trustscore_model_factor_id(NULL, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK_FAIL(trustscore_model_profile_name(NULL, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK_FAIL(trustscore_model_factor_index(NULL, "values", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model");
  CHECK_FAIL(trustscore_model_factor_index(m, NULL, &idx), TRUSTSCORE_E_INVALID_ARGUMENT, "id");
  CHECK_FAIL(trustscore_model_factor_index(m, "values", NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index");
  CHECK_OK(trustscore_model_factor_index(m, "values", &idx));
  CHECK(idx == VALUES);

  /* Unknown factor names. */
  idx = 42;
  CHECK_FAIL2(trustscore_model_factor_index(m, "innovation", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
              "factor", "innovation");
  CHECK_FAIL2(trustscore_model_factor_index(m, "", &idx), TRUSTSCORE_E_INVALID_ARGUMENT, "factor",
              "''");
  CHECK_FAIL(trustscore_model_factor_index(m, "Authenticity", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "Authenticity");
  CHECK_OK(trustscore_model_factor_index(m, "service_details", &idx));
  CHECK(idx == SERVICE_DETAILS);

  /* Out-of-range indices. */
  CHECK_FAIL2(trustscore_model_factor_id(m, NF, buf, sizeof buf, &len),
              TRUSTSCORE_E_INVALID_ARGUMENT, "index", "out of range");
  CHECK_FAIL2(trustscore_model_factor_id(m, -1, buf, sizeof buf, &len),
              TRUSTSCORE_E_INVALID_ARGUMENT, "index", "-1");
  CHECK_FAIL(trustscore_model_factor_id(m, INT64_MAX, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_FAIL(trustscore_model_factor_id(m, INT64_MIN, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_FAIL2(trustscore_model_profile_name(m, 4, buf, sizeof buf, &len),
              TRUSTSCORE_E_INVALID_ARGUMENT, "index", "out of range");
  CHECK_FAIL(trustscore_model_profile_name(m, -1, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_OK(trustscore_model_factor_id(m, NF - 1, buf, sizeof buf, &len));
  CHECK_STR(buf, "service_details");

  /* The string protocol: length query, too small, exact, NULL buffer with a
     capacity, negative capacity, NULL length. "third_party_endorsement" is 23. */
  len = -1;
  CHECK_OK(trustscore_model_factor_id(m, THIRD_PARTY_ENDORSEMENT, NULL, 0, &len));
  CHECK(len == 23);
  memset(buf, 'x', sizeof buf);
  len = -1;
  CHECK_FAIL2(trustscore_model_factor_id(m, THIRD_PARTY_ENDORSEMENT, buf, 23, &len),
              TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf", "24");
  CHECK(len == 23); /* the size needed, without the NUL */
  CHECK(buf[0] == 'x');
  len = -1;
  CHECK_FAIL(trustscore_model_factor_id(m, THIRD_PARTY_ENDORSEMENT, buf, 1, &len),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf");
  CHECK(len == 23);
  CHECK_OK(trustscore_model_factor_id(m, THIRD_PARTY_ENDORSEMENT, buf, 24, &len));
  CHECK_STR(buf, "third_party_endorsement");
  CHECK(len == 23);
  CHECK_FAIL2(trustscore_model_factor_id(m, 0, NULL, 10, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
              "buf", "capacity");
  CHECK_FAIL(trustscore_model_factor_id(m, 0, buf, -1, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "capacity");
  CHECK_FAIL(trustscore_model_factor_id(m, 0, buf, sizeof buf, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length");
  CHECK_FAIL(trustscore_model_factor_id(m, 0, NULL, 0, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length");
  len = -1;
  CHECK_FAIL(trustscore_model_profile_name(m, 2, buf, 8, &len), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "buf");
  CHECK(len == 8); /* "decision" */
  CHECK_FAIL(trustscore_model_profile_name(m, 2, NULL, 9, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "buf");
  CHECK_FAIL(trustscore_model_profile_name(m, 2, buf, -5, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "capacity");
  CHECK_FAIL(trustscore_model_profile_name(m, 2, buf, 9, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length");
  CHECK_OK(trustscore_model_profile_name(m, 2, buf, 9, &len));
  CHECK_STR(buf, "decision");
  CHECK_OK(trustscore_model_profile_name(m, 2, NULL, 0, &len));
  CHECK(len == 8);

  trustscore_model_free(m);
}

/* ---- Model JSON ------------------------------------------------------------ */

typedef struct {
  const char* json;
  int status;
  const char* needle1;
  const char* needle2;
} bad_json_t;

static void test_model_json(void) {
  static const bad_json_t bad[] = {
      /* Not JSON, not an object. */
      {"", TRUSTSCORE_E_BAD_FORMAT, "not valid JSON", NULL},
      {"{", TRUSTSCORE_E_BAD_FORMAT, "not valid JSON", NULL},
      {"{\"version\": 1,}", TRUSTSCORE_E_BAD_FORMAT, "not valid JSON", NULL},
      {"{} {}", TRUSTSCORE_E_BAD_FORMAT, "not valid JSON", NULL},
      {"nul", TRUSTSCORE_E_BAD_FORMAT, "not valid JSON", NULL},
      {"[]", TRUSTSCORE_E_BAD_FORMAT, "object", NULL},
      {"\"decision\"", TRUSTSCORE_E_BAD_FORMAT, "object", NULL},
      /* Unknown keys, wrong types, version. */
      {"{\"negativity\": 3}", TRUSTSCORE_E_BAD_FORMAT, "unknown key", "negativity"},
      {"{\"colour\": \"red\"}", TRUSTSCORE_E_BAD_FORMAT, "unknown key", "colour"},
      {"{\"version\": 2}", TRUSTSCORE_E_VERSION_MISMATCH, "version", "2"},
      {"{\"version\": 0}", TRUSTSCORE_E_VERSION_MISMATCH, "version", NULL},
      {"{\"version\": \"1\"}", TRUSTSCORE_E_BAD_FORMAT, "version", "integer"},
      {"{\"version\": 1.5}", TRUSTSCORE_E_BAD_FORMAT, "version", "integer"},
      {"{\"format\": \"other\"}", TRUSTSCORE_E_BAD_FORMAT, "format", NULL},
      {"{\"format\": 1}", TRUSTSCORE_E_BAD_FORMAT, "format", NULL},
      {"{\"kind\": \"pagerank\"}", TRUSTSCORE_E_BAD_FORMAT, "kind", "pagerank"},
      {"{\"kind\": 3}", TRUSTSCORE_E_BAD_FORMAT, "kind", NULL},
      /* Model kinds and their parameters. */
      {"{\"parameters\": 3}", TRUSTSCORE_E_BAD_FORMAT, "parameters", "object"},
      {"{\"parameters\": {\"prior_count\": 1}}", TRUSTSCORE_E_BAD_FORMAT, "prior_count",
       "takes none"},
      {"{\"kind\": \"wilson\", \"parameters\": {\"min_coverage\": 0.5}}", TRUSTSCORE_E_BAD_FORMAT,
       "min_coverage", "wilson"},
      {"{\"kind\": \"weighted_mean\", \"parameters\": {\"min_coverage\": 2}}",
       TRUSTSCORE_E_INVALID_ARGUMENT, "min_coverage", "[0, 1]"},
      {"{\"kind\": \"bayesian_average\", \"parameters\": {\"prior_mean\": \"high\"}}",
       TRUSTSCORE_E_BAD_FORMAT, "prior_mean", "number"},
      {"{\"kind\": \"bayesian_average\", \"parameters\": {\"prior_count\": -7}}",
       TRUSTSCORE_E_INVALID_ARGUMENT, "prior_count", NULL},
      {"{\"kind\": \"dirichlet\", \"parameters\": {\"levels\": 2.5}}", TRUSTSCORE_E_BAD_FORMAT,
       "levels", "integer"},
      {"{\"kind\": \"dirichlet\", \"parameters\": {\"levels\": 1}}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "levels", NULL},
      {"{\"kind\": \"dirichlet\", \"parameters\": {\"level_utilities\": [0, 1, 0.5]}}",
       TRUSTSCORE_E_INVALID_ARGUMENT, "utilities", "increase"},
      {"{\"kind\": \"dirichlet\", \"parameters\": {\"level_utilities\": [0, \"1\"]}}",
       TRUSTSCORE_E_BAD_FORMAT, "level_utilities", "numbers"},
      {"{\"kind\": \"dirichlet\", \"parameters\": {\"levels\": 3, \"level_utilities\": [0, 1]}}",
       TRUSTSCORE_E_BAD_FORMAT, "levels", "not both"},
      {"{\"factors\": {}}", TRUSTSCORE_E_BAD_FORMAT, "factors", "array"},
      {"{\"factors\": [3]}", TRUSTSCORE_E_BAD_FORMAT, "factors[0]", "object"},
      {"{\"factors\": [{\"description\": \"no id\"}]}", TRUSTSCORE_E_BAD_FORMAT, "factors[0].id",
       NULL},
      {"{\"factors\": [{\"id\": 7}]}", TRUSTSCORE_E_BAD_FORMAT, "factors[0].id", NULL},
      {"{\"factors\": [{\"id\": \"values\"}, {\"id\": \"authenticity\", \"negativity\": \"x\"}]}",
       TRUSTSCORE_E_BAD_FORMAT, "factors[1].negativity", "number"},
      {"{\"factors\": [{\"id\": \"values\", \"base_rate\": null}]}", TRUSTSCORE_E_BAD_FORMAT,
       "base_rate", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"prior_weight\": [2]}]}", TRUSTSCORE_E_BAD_FORMAT,
       "prior_weight", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": \"long\"}]}",
       TRUSTSCORE_E_BAD_FORMAT, "half_life_days", NULL},
      {"{\"factors\": [{\"id\": \"innovation\", \"description\": 5}]}", TRUSTSCORE_E_BAD_FORMAT,
       "description", NULL},
      {"{\"factors\": [{\"id\": \"innovation\", \"weight\": \"heavy\"}]}", TRUSTSCORE_E_BAD_FORMAT,
       "weight", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"halflife\": 3}]}", TRUSTSCORE_E_BAD_FORMAT,
       "unknown key", "halflife"},
      {"{\"factors\": [{\"id\": \"values\", \"weight\": 2}]}", TRUSTSCORE_E_BAD_FORMAT,
       "factors[0].weight", "new factors"},
      /* Numbers a double cannot hold are a format error, not an internal one. */
      {"{\"factors\": [{\"id\": \"values\", \"negativity\": 1e400}]}", TRUSTSCORE_E_BAD_FORMAT,
       "JSON", NULL},
      /* Well-formed but invalid values. */
      {"{\"factors\": [{\"id\": \"values\", \"negativity\": -1}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "negativity", "values"},
      {"{\"factors\": [{\"id\": \"values\", \"negativity\": 0}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "negativity", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"base_rate\": 1.5}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "base rate", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"prior_weight\": 0}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "prior weight", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": 0}]}",
       TRUSTSCORE_E_INVALID_ARGUMENT, "half-life", NULL},
      {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": -3}]}",
       TRUSTSCORE_E_INVALID_ARGUMENT, "half-life", NULL},
      {"{\"factors\": [{\"id\": \"Bad Id\"}]}", TRUSTSCORE_E_INVALID_ARGUMENT, "factor id",
       "Bad Id"},
      {"{\"factors\": [{\"id\": \"\"}]}", TRUSTSCORE_E_INVALID_ARGUMENT, "factor id", "empty"},
      {"{\"factors\": [{\"id\": \"innovation\", \"weight\": -1}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "weight", "innovation"},
      /* Profiles. */
      {"{\"profiles\": []}", TRUSTSCORE_E_BAD_FORMAT, "profiles", "object"},
      {"{\"profiles\": {\"decision\": 3}}", TRUSTSCORE_E_BAD_FORMAT, "profiles.decision", NULL},
      {"{\"profiles\": {\"decision\": {\"nope\": 1}}}", TRUSTSCORE_E_BAD_FORMAT, "unknown factor",
       "nope"},
      {"{\"profiles\": {\"decision\": {\"values\": \"x\"}}}", TRUSTSCORE_E_BAD_FORMAT,
       "profiles.decision.values", "number"},
      {"{\"profiles\": {\"decision\": [1, 2]}}", TRUSTSCORE_E_BAD_FORMAT, "profiles.decision",
       "2 weights"},
      {"{\"profiles\": {\"decision\": [1, 1, 1, 1, 1, 1, 1, 1, \"1\"]}}", TRUSTSCORE_E_BAD_FORMAT,
       "profiles.decision[8]", NULL},
      {"{\"profiles\": {\"decision\": {\"values\": 0}}}", TRUSTSCORE_E_INVALID_ARGUMENT, "decision",
       "sum to zero"},
      {"{\"profiles\": {\"decision\": {\"values\": -1}}}", TRUSTSCORE_E_INVALID_ARGUMENT,
       "decision", "weight"},
      {"{\"profiles\": {\"\": {\"values\": 1}}}", TRUSTSCORE_E_INVALID_ARGUMENT, "profile name",
       NULL},
      {"{\"default_profile\": \"nope\"}", TRUSTSCORE_E_INVALID_ARGUMENT, "profile", "nope"},
      {"{\"default_profile\": 3}", TRUSTSCORE_E_BAD_FORMAT, "default_profile", NULL},
  };
  trustscore_model* m = NULL;
  trustscore_model* out = NULL;
  trustscore_model* again = NULL;
  char* text = NULL;
  char* text2 = NULL;
  int64_t len = -1, len2 = -1, n = -1;
  size_t i;
  char small[8];

  CHECK_OK(trustscore_model_create(&m));

  /* to_json: string protocol and NULL handle. */
  CHECK_OK(trustscore_model_to_json(m, NULL, 0, &len));
  CHECK(len > 100);
  len2 = -1;
  CHECK_FAIL(trustscore_model_to_json(m, small, sizeof small, &len2), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "buf");
  CHECK(len2 == len);
  CHECK_FAIL(trustscore_model_to_json(m, NULL, 8, &len2), TRUSTSCORE_E_INVALID_ARGUMENT, "buf");
  CHECK_FAIL(trustscore_model_to_json(m, small, -8, &len2), TRUSTSCORE_E_INVALID_ARGUMENT,
             "capacity");
  CHECK_FAIL(trustscore_model_to_json(m, NULL, 0, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "length");
  CHECK_FAIL(trustscore_model_to_json(NULL, NULL, 0, &len2), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model");
  text = model_json(m);
  CHECK(text != NULL);
  if (!text) return;
  CHECK(strlen(text) == (size_t)len);
  CHECK(strstr(text, "\"format\":\"trustscore.model\"") != NULL);
  CHECK(strstr(text, "\"version\":1") != NULL);
  CHECK(strstr(text, "\"default_profile\":\"decision\"") != NULL);
  CHECK(strstr(text, "\"koc_word_of_mouth\"") != NULL);

  /* from_json: NULL out, NULL text, negative length; *out is NULL on error. */
  CHECK_FAIL(trustscore_model_from_json("{}", 2, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  out = m;
  CHECK_FAIL(trustscore_model_from_json(NULL, 5, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "json");
  CHECK(out == NULL);
  out = m;
  CHECK_FAIL(trustscore_model_from_json(NULL, 0, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "json");
  CHECK(out == NULL);
  out = m;
  CHECK_FAIL(trustscore_model_from_json("{}", -1, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "length");
  CHECK(out == NULL);

  /* Every bad document: its status, a message naming the problem, no model. */
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    out = m;
    check_fail_(from_json(bad[i].json, &out), bad[i].status, bad[i].needle1, bad[i].needle2,
                __FILE__, __LINE__, bad[i].json);
    CHECK(out == NULL);
    if (out != NULL && out != m) trustscore_model_free(out);
  }
  /* Usable after all that: a good document right after a bad one. */
  out = NULL;
  CHECK_OK(from_json("{}", &out));
  CHECK(factor_count(out) == NF);
  trustscore_model_free(out);

  /* length counts, not the NUL: a valid prefix is read alone. */
  out = NULL;
  CHECK_OK(trustscore_model_from_json("{\"version\": 1} trailing garbage", 14, &out));
  CHECK(out != NULL && factor_count(out) == NF);
  trustscore_model_free(out);
  out = m;
  CHECK_FAIL(trustscore_model_from_json("{\"version\": 1} trailing garbage", 16, &out),
             TRUSTSCORE_E_BAD_FORMAT, "JSON");
  CHECK(out == NULL);

  /* The full round trip: to_json -> from_json -> to_json is identical. */
  out = NULL;
  CHECK_OK(from_json(text, &out));
  text2 = model_json(out);
  CHECK(text2 != NULL && strcmp(text, text2) == 0);
  free(text2);
  trustscore_model_free(out);

  /* A custom factor, changed built-in parameters and a new profile. */
  {
    static const char* cfg =
        "{\"format\": \"trustscore.model\", \"version\": 1, \"kind\": \"beta\","
        " \"factors\": [{\"id\": \"innovation\", \"description\": \"New products\","
        "                \"half_life_days\": null, \"negativity\": 3, \"base_rate\": 0.4,"
        "                \"prior_weight\": 4, \"weight\": 2},"
        "               {\"id\": \"data_security\", \"half_life_days\": 1000},"
        "               {\"id\": \"promise_keeping\"}],"
        " \"profiles\": {\"launch\": {\"innovation\": 3, \"experts\": 1}},"
        " \"default_profile\": \"launch\"}";
    char buf[64];
    int64_t idx = -1;
    out = NULL;
    CHECK_OK(from_json(cfg, &out));
    CHECK(factor_count(out) == NF + 2);
    CHECK_OK(trustscore_model_factor_id(out, NF, buf, sizeof buf, &len));
    CHECK_STR(buf, "innovation");
    CHECK_OK(trustscore_model_factor_id(out, NF + 1, buf, sizeof buf, &len));
    CHECK_STR(buf, "promise_keeping");
    CHECK_OK(trustscore_model_factor_index(out, "innovation", &idx));
    CHECK(idx == NF);
    CHECK_OK(trustscore_model_factor_index(out, "promise_keeping", &idx));
    CHECK(idx == NF + 1);
    CHECK_FAIL(trustscore_model_factor_id(out, NF + 2, buf, sizeof buf, &len),
               TRUSTSCORE_E_INVALID_ARGUMENT, "index");
    CHECK_OK(trustscore_model_profile_count(out, &n));
    CHECK(n == 5);
    CHECK_OK(trustscore_model_profile_name(out, 4, buf, sizeof buf, &len));
    CHECK_STR(buf, "launch");
    text2 = model_json(out);
    CHECK(text2 != NULL);
    if (text2) {
      char* text3;
      CHECK(strstr(text2, "\"default_profile\":\"launch\"") != NULL);
      CHECK(strstr(text2, "\"description\":\"New products\"") != NULL);
      CHECK(strstr(text2, "\"half_life_days\":null") != NULL);
      CHECK(strstr(text2, "\"half_life_days\":1000") != NULL);
      /* Round trip of the custom model. */
      CHECK_OK(from_json(text2, &again));
      CHECK(factor_count(again) == NF + 2);
      text3 = model_json(again);
      CHECK(text3 != NULL && strcmp(text2, text3) == 0);
      free(text3);
      trustscore_model_free(again);
      again = NULL;
    }
    free(text2);
    trustscore_model_free(out);
  }

  free(text);
  trustscore_model_free(m);
}

/* ---- Model kinds ------------------------------------------------------------- */

/* A model of the given kind whose factors never decay, with a flat default
   profile (every signal counts once) and extra "parameters" JSON (or ""). */
static int kind_model(const char* kind, const char* parameters, trustscore_model** out) {
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

static void test_model_kinds(void) {
  static const char* const kinds[] = {"beta",      "weighted_mean",    "bayesian_average", "wilson",
                                      "dirichlet", "subjective_logic", "logistic"};
  /* Eight positive and two negative signals on authenticity and values for
     "a"; one of value 0.5 on experts for "b"; weight 0 for "c". */
  const char* ids[12] = {"a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "b", "c"};
  const int32_t factor[12] = {0, 0, 0, 0, 0, 2, 2, 2, 0, 2, 6, 6};
  const double value[12] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0.5, 1};
  const double weight[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
  double score[3], lower[3], upper[3], contributions[3 * NF], gains[3 * NF], baseline = -1;
  int32_t best[3];
  size_t k;
  for (k = 0; k < sizeof kinds / sizeof kinds[0]; ++k) {
    trustscore_model* m = NULL;
    trustscore_model* again = NULL;
    trustscore_store* st = NULL;
    char* text = NULL;
    char* text2 = NULL;
    char needle[64];
    int64_t e;
    CHECK_OK(kind_model(kinds[k], "", &m));
    if (!m) continue;
    /* The kind is in the configuration read back, and survives a round trip. */
    text = model_json(m);
    snprintf(needle, sizeof needle, "\"kind\":\"%s\"", kinds[k]);
    CHECK(text != NULL && strstr(text, needle) != NULL);
    CHECK_OK(from_json(text ? text : "", &again));
    text2 = again ? model_json(again) : NULL;
    CHECK(text && text2 && strcmp(text, text2) == 0);
    CHECK_OK(trustscore_store_create(m, &st));
    CHECK_OK(
        trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
    CHECK_OK(score_all(m, st, NULL, 0.95, 3, NF, score, lower, upper, contributions, gains, best,
                       &baseline));
    for (e = 0; e < 3; ++e) {
      const int rated = score[e] == score[e];
      CHECK(rated || strcmp(kinds[k], "weighted_mean") == 0);
      CHECK(!rated || (lower[e] <= score[e] && score[e] <= upper[e]));
      CHECK(!rated || (0 <= lower[e] && upper[e] <= 1));
    }
    if (strcmp(kinds[k], "wilson") == 0) {
      /* statsmodels: proportion_confint(8, 10, alpha=0.05, method="wilson") */
      CHECK_NEAR(score[0], 0.49016247153664183, 1e-14);
      CHECK_NEAR(upper[0], 0.9433178485456247, 1e-14);
      CHECK(contributions[0] != contributions[0]); /* not linear: NaN */
      CHECK(best[0] == 0 || best[0] == 2);         /* where the evidence is */
    } else if (strcmp(kinds[k], "weighted_mean") == 0) {
      CHECK_NEAR(score[0], (5.0 / 6 + 3.0 / 4) / 2, TOL); /* factor means 5/6 and 3/4 */
      CHECK(score[1] == 0.5);
      CHECK(score[2] != score[2]); /* no evidence: not rated, NaN */
      CHECK(baseline == 0);
    } else if (strcmp(kinds[k], "bayesian_average") == 0) {
      /* 10 ratings of mean 0.8 and 7 at 0.625: (8 + 4.375) / 17. */
      CHECK_NEAR(score[0], 12.375 / 17, TOL);
      CHECK(baseline == 0.625);
    } else if (strcmp(kinds[k], "subjective_logic") == 0) {
      CHECK(lower[2] == 0); /* "c" knows nothing: [belief, plausibility] = [0, 1] */
      CHECK_NEAR(upper[2], 1, TOL);
    } else if (strcmp(kinds[k], "logistic") == 0) {
      /* Unfitted (all weights 0, bias 0): sigmoid(0) for everyone, no lever. */
      CHECK(score[0] == 0.5 && score[1] == 0.5 && score[2] == 0.5 && baseline == 0.5);
      CHECK(lower[0] == 0.5 && upper[0] == 0.5 && best[0] == -1);
    }
    free(text);
    free(text2);
    trustscore_model_free(again);
    trustscore_store_free(st);
    trustscore_model_free(m);
  }

  /* Parameters, read back; and what they change. */
  {
    trustscore_model* m = NULL;
    trustscore_store* st = NULL;
    char* text;
    CHECK_OK(kind_model("weighted_mean", "{\"min_coverage\": 0.2}", &m));
    text = model_json(m);
    CHECK(text && strstr(text, "\"parameters\":{\"min_coverage\":0.2}") != NULL);
    free(text);
    CHECK_OK(trustscore_store_create(m, &st));
    CHECK_OK(
        trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
    CHECK_OK(score_all(m, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL));
    CHECK(score[0] == score[0]); /* 2 of 9 factors: coverage 0.22 >= 0.2 */
    CHECK(score[1] != score[1]); /* 1 of 9: 0.11 < 0.2, not rated */
    trustscore_store_free(st);
    trustscore_model_free(m);

    CHECK_OK(kind_model("dirichlet", "{\"levels\": 3}", &m));
    text = model_json(m);
    CHECK(text && strstr(text, "\"level_utilities\":[0.0,0.5,1.0]") != NULL);
    free(text);
    trustscore_model_free(m);
  }

  /* logistic: sigmoid(bias + sum_f w_f t_f), t_f the Beta mean of factor f,
     weights by factor id (a custom one among them; the others weigh 0). */
  {
    static const char cfg[] =
        "{\"kind\": \"logistic\", \"factors\": [{\"id\": \"innovation\", \"negativity\": 1}],"
        " \"parameters\": {\"weights\": {\"authenticity\": 2, \"values\": -1,"
        " \"innovation\": 0.5}, \"bias\": -1}}";
    const char* lids[4] = {"a", "a", "b", "c"};
    const int32_t lfactor[4] = {0, NF, 2, 2};
    const double lvalue[4] = {1, 0, 1, 1}, lweight[4] = {3, 1, 2, 0};
    double lcon[3 * (NF + 1)], sum = 0;
    trustscore_model* m = NULL;
    trustscore_model* bad = NULL;
    trustscore_store* st = NULL;
    char* text;
    int64_t f;
    CHECK_OK(from_json(cfg, &m));
    text = model_json(m);
    CHECK(text && strstr(text, "\"bias\":-1.0") && strstr(text, "\"innovation\":0.5") &&
          strstr(text, "\"experts\":0.0"));
    free(text);
    CHECK_OK(trustscore_store_create(m, &st));
    CHECK_OK(
        trustscore_store_add_signals(st, 4, lids, NULL, lfactor, lvalue, lweight, NULL, NULL, T0));
    CHECK_OK(
        score_all(m, st, NULL, 0.95, 3, NF + 1, score, lower, upper, lcon, NULL, best, &baseline));
    /* a: authenticity (3 + 1) / 5 = 0.8, innovation 1 / 3, values 0.5:
       z = -1 + 1.6 - 0.5 + 1/6 = 4/15. b: values (2 + 1) / 4: z = -1 + 1 - 0.75 + 0.25.
       No evidence: z0 = -1 + 1 - 0.5 + 0.25. */
    CHECK_NEAR(score[0], 1 / (1 + exp(-4.0 / 15)), 1e-15);
    CHECK_NEAR(score[1], 1 / (1 + exp(0.5)), 1e-15);
    CHECK_NEAR(baseline, 1 / (1 + exp(0.25)), 1e-15);
    CHECK_NEAR(score[2], baseline, 1e-15);
    CHECK(lower[0] < score[0] && score[0] < upper[0]);
    for (f = 0; f < NF + 1; ++f) sum += lcon[f];
    CHECK_NEAR(sum, score[0] - baseline, 1e-15);
    CHECK(best[1] == 0); /* authenticity: logit +2 * 0.5 / 3 against innovation's 0.5 * 0.5 / 3 */
    CHECK_FAIL(
        from_json("{\"kind\": \"logistic\", \"parameters\": {\"weights\": {\"karma\": 1}}}", &bad),
        TRUSTSCORE_E_BAD_FORMAT, "unknown factor 'karma'");
    CHECK_FAIL(from_json("{\"kind\": \"beta\", \"parameters\": {\"bias\": 1}}", &bad),
               TRUSTSCORE_E_BAD_FORMAT, "does not apply to kind 'beta'");
    trustscore_store_free(st);
    trustscore_model_free(m);
  }

  /* A dirichlet model needs a store that counts its levels; the failed call
     leaves both usable. */
  {
    trustscore_model* beta = NULL;
    trustscore_model* dir = NULL;
    trustscore_store* st = NULL;
    CHECK_OK(kind_model("beta", "", &beta));
    CHECK_OK(kind_model("dirichlet", "", &dir));
    CHECK_OK(trustscore_store_create(beta, &st));
    CHECK_OK(
        trustscore_store_add_signals(st, 12, ids, NULL, factor, value, weight, NULL, NULL, T0));
    CHECK_FAIL2(score_all(dir, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL),
                TRUSTSCORE_E_INVALID_ARGUMENT, "dirichlet", "level");
    CHECK_OK(score_all(beta, st, NULL, 0.95, 3, NF, score, NULL, NULL, NULL, NULL, NULL, NULL));
    trustscore_store_free(st);
    trustscore_model_free(dir);
    trustscore_model_free(beta);
  }
}

/* ---- Saving and loading ------------------------------------------------------ */

static void test_persistence(void) {
  const char* ids[4] = {"a", "b", "a", "c"};
  const int32_t factor[4] = {0, 3, 7, 8};
  const double value[4] = {1.0, 0.25, 0.5, 0.0};
  const double weight[4] = {2, 1, 3, 1};
  double s1[3], s2[3], l1[3], l2[3];
  trustscore_model* m = NULL;
  trustscore_model* m2 = NULL;
  trustscore_store* st = NULL;
  trustscore_store* st2 = NULL;
  void* data = NULL;
  int64_t len = -1, payload = -1;
  int content = 0, archive = 0, version = 0, k;
  char path[512], missing[512];
  const long pid = (long)getpid();
  snprintf(path, sizeof path, "%s/c_abi_%ld_store.tsf", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(missing, sizeof missing, "%s/c_abi_%ld_no_dir/x.tsf", TRUSTSCORE_C_TEST_TMPDIR, pid);

  CHECK_OK(kind_model("dirichlet", "{\"levels\": 3}", &m));
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_add_signals(st, 4, ids, NULL, factor, value, weight, NULL, NULL, T0));
  CHECK_OK(score_all(m, st, NULL, 0.95, 3, NF, s1, l1, NULL, NULL, NULL, NULL, NULL));

  /* Round trips through buffers in every archive kind: the same scores to the bit. */
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

    CHECK_OK(trustscore_store_save_buffer(st, k, &data, &len));
    CHECK_OK(trustscore_store_load_buffer(data, len, &st2));
    CHECK(entity_count(st2) == 3);
    {
      int64_t nf = -1, flen = -1;
      char fid[64];
      CHECK_OK(trustscore_store_factor_count(st2, &nf));
      CHECK(nf == NF);
      CHECK_OK(trustscore_store_factor_id(st2, 8, fid, sizeof fid, &flen));
      CHECK_STR(fid, "service_details");
      CHECK_FAIL(trustscore_store_factor_id(st2, NF, fid, sizeof fid, &flen),
                 TRUSTSCORE_E_INVALID_ARGUMENT, "index");
      CHECK_FAIL(trustscore_store_factor_count(NULL, &nf), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
    }
    CHECK_OK(score_all(m, st2, NULL, 0.95, 3, NF, s2, l2, NULL, NULL, NULL, NULL, NULL));
    CHECK(memcmp(s1, s2, sizeof s1) == 0 && memcmp(l1, l2, sizeof l1) == 0);
    trustscore_store_free(st2);
    st2 = NULL;
    trustscore_buffer_free(data);
    data = NULL;
  }

  /* Files. */
  CHECK_OK(trustscore_store_save(st, path, TRUSTSCORE_ARCHIVE_BINARY));
  CHECK_OK(trustscore_inspect_file(path, &content, NULL, NULL, NULL));
  CHECK(content == TRUSTSCORE_CONTENT_STORE);
  CHECK_OK(trustscore_store_load(path, &st2));
  CHECK_OK(score_all(m, st2, NULL, 0.95, 3, NF, s2, NULL, NULL, NULL, NULL, NULL, NULL));
  CHECK(memcmp(s1, s2, sizeof s1) == 0);
  trustscore_store_free(st2);
  st2 = NULL;
  CHECK_OK(trustscore_model_save(m, path, TRUSTSCORE_ARCHIVE_XML)); /* replaces the store */
  CHECK_OK(trustscore_model_load(path, &m2));
  trustscore_model_free(m2);
  m2 = NULL;

  /* Every bad argument and input: a status, a message, *out NULL, handles usable. */
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
  remove(path);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Trust graphs --------------------------------------------------------------- */

static void test_graphs(void) {
  /* 0 rates 1 (+10 of 10); 1 rates nobody. */
  const int64_t s1[1] = {0}, t1[1] = {1};
  const double r1[1] = {10};
  /* Nodes 0, 1 rate 2 with +1, node 3 with -1: g(2) = 1/3, f = 2/3, 2/3, 1, 1/3. */
  const int64_t s2[3] = {0, 1, 3}, t2[3] = {2, 2, 2};
  const double r2[3] = {1, 1, -1};
  const int64_t bad_t[1] = {5}, seed[1] = {0};
  trustscore_graph* g = NULL;
  trustscore_graph* g2 = NULL;
  double trust[4], fair[4], good[4], residual = -1;
  int64_t it = -1, nodes = -1, edges = -1;

  CHECK_OK(trustscore_graph_create(2, s1, t1, r1, 1, -10, 10, TRUSTSCORE_DUPLICATES_MEAN,
                                   TRUSTSCORE_SELF_LOOPS_DROP, &g));
  CHECK_OK(trustscore_graph_counts(g, &nodes, &edges));
  CHECK(nodes == 2 && edges == 1);
  CHECK_OK(trustscore_eigentrust(g, 0.15, NULL, 0, 1e-14, 1000, trust, 4, &it, &residual));
  CHECK_NEAR(trust[0], 0.5 / 1.425, 1e-12);
  CHECK_NEAR(trust[1], 1 - 0.5 / 1.425, 1e-12);
  CHECK(it > 1 && residual < 1e-14);
  CHECK_OK(trustscore_eigentrust(g, 0.15, seed, 1, 1e-12, 1000, trust, 2, NULL, NULL));
  CHECK(trust[0] > trust[1]);
  /* From the edge arrays without a handle: the same numbers, bit for bit. */
  {
    double direct[2] = {-1, -1}, via[2];
    CHECK_OK(trustscore_eigentrust(g, 0.15, NULL, 0, 1e-14, 1000, via, 2, NULL, NULL));
    CHECK_OK(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, TRUSTSCORE_DUPLICATES_MEAN,
                                         TRUSTSCORE_SELF_LOOPS_DROP, 0.15, NULL, 0, 1e-14, 1000,
                                         direct, 2, &it, &residual));
    CHECK(direct[0] == via[0] && direct[1] == via[1]);
    CHECK(it > 1 && residual < 1e-14);
    CHECK_FAIL(trustscore_eigentrust_edges(2, s1, bad_t, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8,
                                           1000, direct, 2, NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "out of range");
    CHECK_FAIL(trustscore_eigentrust_edges(2, NULL, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8,
                                           1000, direct, 2, NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "source");
    CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8,
                                           1000, direct, 1, NULL, NULL),
               TRUSTSCORE_E_BUFFER_TOO_SMALL, "trust");
    CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 1, 1e-8,
                                           1000, direct, 2, NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "seeds");
    CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 9, 0, 0.15, NULL, 0, 1e-8,
                                           1000, direct, 2, NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "duplicates");
    CHECK_FAIL(trustscore_eigentrust_edges(-1, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8,
                                           1000, direct, 2, NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "node count is negative");
    CHECK_OK(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, seed, 1, 1e-12,
                                         1000, direct, 2, NULL, NULL));
    CHECK(direct[0] > direct[1]);
  }

  CHECK_OK(trustscore_graph_create(4, s2, t2, r2, 3, -1, 1, TRUSTSCORE_DUPLICATES_ERROR,
                                   TRUSTSCORE_SELF_LOOPS_ERROR, &g2));
  CHECK_OK(trustscore_fairness_goodness(g2, 1e-12, 1000, fair, good, 4, &it));
  CHECK_NEAR(good[2], 1.0 / 3, 1e-9);
  CHECK_NEAR(fair[0], 2.0 / 3, 1e-9);
  CHECK_NEAR(fair[3], 1.0 / 3, 1e-9);

  trustscore_graph_free(g);
  g = NULL;

  /* Errors: a status, a message naming the argument, the handles usable after. */
  CHECK_FAIL(trustscore_graph_create(2, s1, bad_t, r1, 1, -10, 10, 0, 0, &g),
             TRUSTSCORE_E_INVALID_ARGUMENT, "out of range");
  CHECK(g == NULL);
  CHECK_FAIL(trustscore_graph_create(2, s1, t1, r1, 1, -1, 1, 0, 0, &g),
             TRUSTSCORE_E_INVALID_ARGUMENT, "off the scale");
  CHECK_FAIL(trustscore_graph_create(2, NULL, t1, r1, 1, -10, 10, 0, 0, &g),
             TRUSTSCORE_E_INVALID_ARGUMENT, "source");
  CHECK_FAIL(trustscore_graph_create(2, s1, t1, r1, 1, -10, 10, 9, 0, &g),
             TRUSTSCORE_E_INVALID_ARGUMENT, "duplicates");
  CHECK_FAIL(trustscore_graph_create(2, s1, t1, r1, 1, -10, 10, 0, -1, &g),
             TRUSTSCORE_E_INVALID_ARGUMENT, "self_loops");
  CHECK_FAIL(trustscore_graph_create(2, s1, t1, r1, 1, -10, 10, 0, 0, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  CHECK_FAIL(trustscore_eigentrust(g2, 1.0, NULL, 0, 1e-8, 100, trust, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "alpha");
  CHECK_FAIL(trustscore_eigentrust(g2, 0.15, NULL, 2, 1e-8, 100, trust, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "seeds");
  CHECK_FAIL(trustscore_eigentrust(g2, 0.15, bad_t, 1, 1e-8, 100, trust, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "seed 5");
  CHECK_FAIL(trustscore_eigentrust(g2, 0.15, NULL, 0, 1e-8, 100, trust, 3, NULL, NULL),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "trust");
  CHECK_FAIL(trustscore_eigentrust(NULL, 0.15, NULL, 0, 1e-8, 100, trust, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "graph");
  CHECK_FAIL(trustscore_fairness_goodness(g2, 0, 100, fair, good, 4, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "tolerance");
  CHECK_FAIL(trustscore_fairness_goodness(g2, 1e-9, 100, fair, NULL, 4, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "goodness");
  CHECK_FAIL(trustscore_graph_counts(NULL, &nodes, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "graph");
  CHECK_OK(trustscore_fairness_goodness(g2, 1e-12, 1000, fair, good, 4, NULL));
  CHECK_NEAR(good[2], 1.0 / 3, 1e-9);
  trustscore_graph_free(g2);
  trustscore_graph_free(NULL);
}

/* Takes a library JSON buffer: copies it NUL-terminated into text (of size
   bytes) and frees it; 0 when it is missing or does not fit. */
static int take_report(void* report, int64_t length, char* text, size_t size) {
  const int ok = report != NULL && length > 0 && length < (int64_t)size;
  if (ok) {
    memcpy(text, report, (size_t)length);
    text[length] = 0;
  }
  trustscore_buffer_free(report);
  return ok;
}

/* Leave-one-out edge prediction: the report as JSON, every error path. */
static void test_edge_prediction(void) {
  /* 0 -> 1 (0.5), 1 -> 0 (-0.2), 0 -> 2 (0.8); in CSR order 0->1, 0->2, 1->0. */
  const int64_t s[3] = {0, 1, 0}, t[3] = {1, 0, 2};
  const double r[3] = {0.5, -0.2, 0.8};
  trustscore_graph* g = NULL;
  void* report = NULL;
  int64_t length = -1;
  char text[8192] = "";

  CHECK_OK(trustscore_graph_create(3, s, t, r, 3, -1, 1, 0, 0, &g));
  CHECK_OK(
      trustscore_edge_prediction(g, "{\"folds\": 0, \"predictions\": true}", &report, &length));
  CHECK(take_report(report, length, text, sizeof text));
  CHECK(strstr(text, "{\"edges\": 3, \"predictors\": [{\"name\": \"fairness_goodness\"") == text);
  CHECK(strstr(text, "\"source\": [0,0,1], \"target\": [1,2,0]") != NULL);
  /* v's rating of u where v rated u, else 0. */
  CHECK(strstr(text, "\"reciprocal\": [-0.20000000000000001,0,0.5]") != NULL);
  CHECK(strstr(text, "\"features\": {\"fairness_goodness\": [") != NULL);
  CHECK(strstr(text, "learned") == NULL);
  report = NULL;
  /* Without predictions: the summary only; the other fallback of the reciprocal. */
  CHECK_OK(trustscore_edge_prediction(g, "{\"folds\": 0, \"reciprocal_fallback\": \"global_mean\"}",
                                      &report, &length));
  CHECK(take_report(report, length, text, sizeof text));
  CHECK(strstr(text, "predictions") == NULL);
  CHECK(strstr(text, "{\"name\": \"beta\", \"rmse\": ") != NULL);
  report = NULL;

  CHECK_FAIL(trustscore_edge_prediction(g, NULL, &report, &length), TRUSTSCORE_E_INVALID_ARGUMENT,
             "more folds (10) than evaluated edges (3)");
  CHECK(report == NULL && length == 0);
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"fold\": 0}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown key 'fold'");
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"folds\": 0.5}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "folds must be an integer");
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"folds\": 0, \"seed\": -1}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "seed must be >= 0");
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"reciprocal_fallback\": 1}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "reciprocal_fallback");
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"folds\": 0, \"tolerance\": 0}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "tolerance");
  CHECK_FAIL(trustscore_edge_prediction(g, "{\"folds\": 0, \"sample\": -2}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "sample must be >= 0");
  CHECK_FAIL(trustscore_edge_prediction(g, "[", &report, &length), TRUSTSCORE_E_INVALID_ARGUMENT,
             "invalid JSON");
  CHECK_FAIL(trustscore_edge_prediction(NULL, NULL, &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "graph");
  CHECK_FAIL(trustscore_edge_prediction(g, NULL, &report, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length");
  /* The handle is usable after the failures. */
  CHECK_OK(trustscore_edge_prediction(g, "{\"folds\": 0}", &report, &length));
  trustscore_buffer_free(report);
  trustscore_graph_free(g);
}

/* Graphs from CSV, node ids, and the credibility of sources. */
static void test_graph_csv_and_credibility(void) {
  char path[512], bad[512];
  const long pid = (long)getpid();
  /* x is rated +10 by a and b and -10 by c: g(x) = 1/3, f(a) = f(b) = 2/3, f(c) = 1/3. */
  const int64_t s[2] = {0, 1}, t[2] = {1, 2};
  const double r[2] = {1, 1};
  trustscore_graph* g = NULL;
  trustscore_graph* arrays = NULL;
  double c[4], unknown = -1, fair[4], good[4];
  int64_t nodes = -1, edges = -1, index = -2, length = -1;
  char id[8];

  snprintf(path, sizeof path, "%s/c_abi_%ld_ratings.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(bad, sizeof bad, "%s/c_abi_%ld_ratings_bad.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  CHECK(write_file(path,
                   "source,target,rating,time\na,x,10,1700000000\nb,x,10,1700000001\n"
                   "c,x,-10,2024-01-01T00:00:00Z\na,x,-10,1600000000\n"));
  CHECK(write_file(bad, "a,x,10\nb,x,ten\n"));
  /* a,x appears twice: with times, DUPLICATES_LAST keeps the latest (+10). */
  CHECK_OK(trustscore_graph_load_csv(path, -10, 10, TRUSTSCORE_DUPLICATES_LAST,
                                     TRUSTSCORE_SELF_LOOPS_DROP, &g));
  CHECK_OK(trustscore_graph_counts(g, &nodes, &edges));
  CHECK(nodes == 4 && edges == 3);
  CHECK_OK(trustscore_graph_node_id(g, 3, id, sizeof id, &length));
  CHECK(strcmp(id, "c") == 0 && length == 1);
  CHECK_OK(trustscore_graph_node_index(g, "x", &index));
  CHECK(index == 1);
  CHECK_OK(trustscore_graph_node_index(g, "nobody", &index));
  CHECK(index == -1);
  CHECK_OK(trustscore_fairness_goodness(g, 1e-12, 1000, fair, good, 4, NULL));
  CHECK_NEAR(good[1], 1.0 / 3, 1e-9);
  CHECK_OK(trustscore_graph_credibility(g, TRUSTSCORE_CREDIBILITY_FAIRNESS, c, 4, &unknown));
  CHECK_NEAR(c[0], 2.0 / 3, 1e-9); /* a */
  CHECK_NEAR(c[3], 1.0 / 3, 1e-9); /* c */
  CHECK(unknown == c[3]);
  CHECK_OK(trustscore_graph_credibility(g, TRUSTSCORE_CREDIBILITY_EIGENTRUST, c, 4, NULL));
  CHECK_OK(trustscore_eigentrust(g, 0.15, NULL, 0, 1e-8, 1000, fair, 4, NULL, NULL));
  CHECK_NEAR(c[0], 4 * fair[0], 1e-15); /* min(1, nodes x trust) */
  CHECK(c[0] < 1 && c[1] == 1.0);       /* everyone trusts x */

  /* A graph from arrays names its nodes by index. */
  CHECK_OK(trustscore_graph_create(3, s, t, r, 2, -1, 1, 0, 0, &arrays));
  CHECK_OK(trustscore_graph_node_id(arrays, 2, id, sizeof id, &length));
  CHECK(strcmp(id, "2") == 0);
  CHECK_OK(trustscore_graph_node_index(arrays, "1", &index));
  CHECK(index == 1);
  CHECK_OK(trustscore_graph_node_index(arrays, "01", &index));
  CHECK(index == -1);
  CHECK_OK(trustscore_graph_node_index(arrays, "3", &index));
  CHECK(index == -1);

  /* Errors name the argument; handles stay usable. */
  trustscore_graph_free(g);
  g = (trustscore_graph*)&unknown; /* must be reset to NULL on failure */
  CHECK_FAIL(trustscore_graph_load_csv(bad, -10, 10, 0, 0, &g), TRUSTSCORE_E_BAD_FORMAT,
             "_ratings_bad.csv:2: column 3 (rating): 'ten' is not a number");
  CHECK(g == NULL);
  CHECK_FAIL(
      trustscore_graph_load_csv(TRUSTSCORE_C_TEST_TMPDIR "/no-such-ratings.csv", -10, 10, 0, 0, &g),
      TRUSTSCORE_E_IO, "no-such-ratings.csv");
  CHECK_FAIL(trustscore_graph_load_csv(NULL, -10, 10, 0, 0, &g), TRUSTSCORE_E_INVALID_ARGUMENT,
             "path");
  CHECK_FAIL(trustscore_graph_load_csv(path, -10, 10, 7, 0, &g), TRUSTSCORE_E_INVALID_ARGUMENT,
             "duplicates");
  CHECK_FAIL(trustscore_graph_load_csv(path, -1, 1, 0, 0, &g), TRUSTSCORE_E_INVALID_ARGUMENT,
             "off the scale");
  CHECK_FAIL(trustscore_graph_load_csv(path, -10, 10, 0, 0, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "out");
  CHECK_FAIL(trustscore_graph_node_id(arrays, 3, id, sizeof id, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_FAIL(trustscore_graph_node_id(NULL, 0, id, sizeof id, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "graph");
  CHECK_FAIL(trustscore_graph_node_index(arrays, NULL, &index), TRUSTSCORE_E_INVALID_ARGUMENT,
             "id");
  CHECK_FAIL(trustscore_graph_node_index(arrays, "1", NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index");
  CHECK_FAIL(trustscore_graph_credibility(arrays, 2, c, 4, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "rule");
  CHECK_FAIL(trustscore_graph_credibility(arrays, 0, c, 2, NULL), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "credibility");
  CHECK_FAIL(trustscore_graph_credibility(arrays, 0, NULL, 4, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "credibility");
  CHECK_FAIL(trustscore_graph_credibility(NULL, 0, c, 4, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "graph");
  CHECK_OK(trustscore_graph_credibility(arrays, TRUSTSCORE_CREDIBILITY_FAIRNESS, c, 4, NULL));
  CHECK(c[0] == 1.0 && c[1] == 1.0); /* 0 -> 1 -> 2 all +1: everyone fair */
  trustscore_graph_free(arrays);
  trustscore_graph_free(g);
  remove(path);
  remove(bad);
}

/* ---- Evaluation metrics ----------------------------------------------------- */

static void test_metrics(void) {
  const double y[4] = {0, 0, 1, 1}, s[4] = {0.1, 0.4, 0.35, 0.8};
  const double p[4] = {0.1, 0.9, 0.8, 0.3}, yb[4] = {0, 1, 1, 0};
  const double bad_label[2] = {0.5, 1};
  double v = -1;
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, &v));
  CHECK_NEAR(v, 0.75, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_AVERAGE_PRECISION, y, s, 4, 0, &v));
  CHECK_NEAR(v, 5.0 / 6, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_BRIER, yb, p, 4, 0, &v));
  CHECK_NEAR(v, 0.0375, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_LOG_LOSS, yb, p, 4, 0, &v));
  CHECK_NEAR(v, -(2 * log(0.9) + log(0.8) + log(0.7)) / 4, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ECE, yb, p, 4, 2, &v));
  CHECK_NEAR(v, (fabs(0 - 0.4) + fabs(2 - 1.7)) / 4, 1e-15);           /* bins [0, .5), [.5, 1] */
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ECE, yb, p, 4, 0, &v)); /* 10 bins */
  CHECK_NEAR(v, (0.1 + 0.3 + 0.2 + 0.1) / 4, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_RMSE, y, s, 4, 0, &v));
  CHECK_NEAR(v, sqrt((0.01 + 0.16 + 0.4225 + 0.04) / 4), 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_MAE, y, s, 4, 0, &v));
  CHECK_NEAR(v, (0.1 + 0.4 + 0.65 + 0.2) / 4, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_PEARSON, s, s, 4, 0, &v));
  CHECK_NEAR(v, 1, 1e-15);
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_SPEARMAN, y, s, 4, 0, &v));
  CHECK_NEAR(v, 2 / sqrt(4.0 * 5), 1e-15); /* ranks 1.5,1.5,3.5,3.5 against 1,3,2,4 */
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_KENDALL_TAU_B, y, s, 4, 0, &v));
  CHECK_NEAR(v, 2 / sqrt(4.0 * 6), 1e-15); /* 3 concordant, 1 discordant, 2 tied in y */
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_NDCG, y, s, 4, 1, &v));
  CHECK_NEAR(v, 1, 1e-15); /* the top score is relevant */

  CHECK_FAIL(trustscore_metric(99, y, s, 4, 0, &v), TRUSTSCORE_E_INVALID_ARGUMENT, "metric");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 3, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "parameter");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, NULL, s, 4, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "truth");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, NULL, 4, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "prediction");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "value");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, -1, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "n is negative");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 0, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "no values");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, bad_label, s, 2, 0, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "label 0 is 0.5");
  CHECK_FAIL(trustscore_metric(TRUSTSCORE_METRIC_NDCG, y, s, 4, -2, &v),
             TRUSTSCORE_E_INVALID_ARGUMENT, "k is negative");
  CHECK_OK(trustscore_metric(TRUSTSCORE_METRIC_ROC_AUC, y, s, 4, 0, &v));
  CHECK_NEAR(v, 0.75, 1e-15);
}

/* Learned weights: the features of a store, and a logistic fit. */
static void test_learned_weights(void) {
  /* One binary feature, no penalty: w = log 9 (log odds ratio), b = -log 3. */
  const double x[8] = {1, 1, 1, 1, 0, 0, 0, 0}, y[8] = {1, 1, 1, 0, 1, 0, 0, 0};
  const double sep_x[2] = {0, 1}, sep_y[2] = {0, 1}, bad_y[2] = {0, 2};
  double w[1] = {-1}, b = -1, trust[2 * NF];
  int64_t it = -1;
  trustscore_model* m = NULL;
  trustscore_store* s = NULL;
  const char* ids[2] = {"a", "b"};
  const int32_t factor[2] = {0, 1};
  const double value[2] = {1, 0}, weight[2] = {3, 1}, time[2] = {1700000000, 1700000000};

  CHECK_OK(trustscore_fit_logistic(x, y, NULL, 8, 1, 0, 0, w, &b, &it));
  CHECK_NEAR(w[0], log(9.0), 1e-10);
  CHECK_NEAR(b, -log(3.0), 1e-10);
  CHECK(it > 0);
  CHECK_OK(trustscore_fit_logistic(NULL, y, NULL, 8, 0, 1, 0, NULL, &b, NULL)); /* bias only */
  CHECK_NEAR(b, 0, 1e-12);                                                      /* 4 of 8 */
  /* Separable data without a penalty: the weight grows until the gradient vanishes. */
  CHECK_OK(trustscore_fit_logistic(sep_x, sep_y, NULL, 2, 1, 0, 0, w, &b, NULL));
  CHECK(w[0] > 10);
  CHECK_FAIL(trustscore_fit_logistic(x, bad_y, NULL, 2, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "label 1 is 2");
  CHECK_FAIL(trustscore_fit_logistic(NULL, y, NULL, 8, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "x");
  CHECK_FAIL(trustscore_fit_logistic(x, y, NULL, 8, 1, 1, 0, w, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "bias");
  CHECK_FAIL(trustscore_fit_logistic(x, NULL, NULL, 8, 1, 1, 0, w, &b, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "y");

  /* Calibrated: the fit on all rows with Platt's a, b folded in (a·w, a·b + b'). */
  {
    const double cx[12] = {0.1, 0.9, 0.4, 0.8, 0.2, 0.7, 0.3, 0.6, 0.5, 0.95, 0.05, 0.65};
    const double cy[12] = {0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0};
    const int64_t fold[12] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, bad_fold[12] = {0, 0, 0, 3};
    double plain_w[1], plain_b, platt[2] = {0, 0};
    int64_t steps = -1;
    CHECK_OK(trustscore_fit_logistic(cx, cy, NULL, 12, 1, 1, 0, plain_w, &plain_b, NULL));
    CHECK_OK(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, fold, 3, 0, w, &b, platt,
                                                &steps));
    CHECK(platt[0] > 0 && platt[0] != 1);
    CHECK_NEAR(w[0], platt[0] * plain_w[0], 1e-12);
    CHECK_NEAR(b, platt[0] * plain_b + platt[1], 1e-12);
    CHECK(steps > 0);
    /* Stratified seeded folds (fold NULL); platt and iterations may be NULL. */
    CHECK_OK(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, &b, NULL,
                                                NULL));
    CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 1, 7, w, &b,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "folds must be >= 2");
    CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, bad_fold, 3, 7, w, &b,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "fold 3 is 3, not in [0, 3)");
    CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, bad_y, NULL, 2, 1, 1, 0, NULL, 2, 7, w, &b,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "label 1 is 2");
    CHECK_FAIL(trustscore_fit_logistic_calibrated(NULL, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, &b,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "x");
    CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, NULL, 3, 7, w, NULL,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "bias");
    CHECK_FAIL(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, -1, 1, 0, NULL, 3, 7, w, &b,
                                                  NULL, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "f is negative");
    /* A correct call after the failed ones works. */
    CHECK_OK(trustscore_fit_logistic_calibrated(cx, cy, NULL, 12, 1, 1, 0, fold, 3, 0, w, &b, platt,
                                                NULL));
    CHECK_NEAR(w[0], platt[0] * plain_w[0], 1e-12);
  }

  CHECK_OK(trustscore_model_create(&m));
  CHECK_OK(trustscore_store_create(m, &s));
  CHECK_OK(trustscore_store_add_signals(s, 2, ids, NULL, factor, value, weight, time, NULL, NAN));
  CHECK_OK(trustscore_factor_trust(m, s, NULL, trust, 2 * NF));
  /* a, factor 0: r = 3, s = 0, a = 0.5, W = 2: (3 + 1) / (3 + 2); a's factor 1: the prior 0.5. */
  CHECK_NEAR(trust[0], 0.8, 1e-15);
  CHECK_NEAR(trust[1], 0.5, 1e-15);
  CHECK_FAIL(trustscore_factor_trust(m, s, NULL, trust, 2 * NF - 1), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "out");
  CHECK_FAIL(trustscore_factor_trust(m, s, NULL, NULL, 2 * NF), TRUSTSCORE_E_INVALID_ARGUMENT,
             "out");
  CHECK_FAIL(trustscore_factor_trust(NULL, s, NULL, trust, 2 * NF), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model");
  trustscore_store_free(s);
  trustscore_model_free(m);
}

/* The evaluation harness: a report as JSON in a library-owned buffer. */
static void test_evaluate(void) {
  char signals[512], outcomes[512], text[4096];
  const long pid = (long)getpid();
  void* report = NULL;
  int64_t length = -1;
  snprintf(signals, sizeof signals, "%s/c_abi_%ld_eval_signals.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(outcomes, sizeof outcomes, "%s/c_abi_%ld_eval_outcomes.csv", TRUSTSCORE_C_TEST_TMPDIR,
           pid);
  /* a and c have good evidence and a good outcome, b and d bad and bad: AUC 1. */
  CHECK(write_file(signals,
                   "entity,factor,value,weight,time\n"
                   "a,experts,1,3,1700000000\nb,experts,0,3,1700000000\n"
                   "c,values,1,1,1700000000\nd,values,0,1,1700000000\n"));
  CHECK(write_file(outcomes, "entity,outcome\na,1\nb,0\nc,1\nd,0\n"));
  CHECK_OK(trustscore_evaluate(signals, outcomes, "{\"models\": [\"beta\", \"wilson\"]}", &report,
                               &length));
  CHECK(report != NULL && length > 0 && length < (int64_t)sizeof text);
  if (report && length > 0 && length < (int64_t)sizeof text) {
    memcpy(text, report, (size_t)length);
    text[length] = 0;
    CHECK(strstr(text, "\"outcomes\": 4, \"positives\": 2") != NULL);
    CHECK(strstr(text, "{\"model\": \"beta\"") != NULL);
    CHECK(strstr(text, "\"roc_auc\": {\"mean\": 1, \"sd\": 0, \"folds\": [1]}") != NULL);
    CHECK(strstr(text, "{\"model\": \"wilson\"") != NULL);
  }
  trustscore_buffer_free(report);
  report = NULL;
  CHECK_OK(trustscore_evaluate(signals, outcomes, "{\"models\": [\"beta\"], \"predictions\": true}",
                               &report, &length));
  CHECK(report != NULL && length > 0 && length < (int64_t)sizeof text);
  if (report && length > 0 && length < (int64_t)sizeof text) {
    memcpy(text, report, (size_t)length);
    text[length] = 0;
    CHECK(strstr(text, "\"entity\": [\"a\", \"b\", \"c\", \"d\"], \"outcome\": [1, 0, 1, 0]") !=
          NULL);
    CHECK(strstr(text, "\"prediction\": [0.") != NULL);
  }
  trustscore_buffer_free(report);
  report = NULL;
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"predictions\": 1}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "predictions must be true or false");
  CHECK_OK(trustscore_evaluate(signals, outcomes, NULL, &report, &length)); /* every kind */
  trustscore_buffer_free(report);
  report = NULL;

  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"fold\": 2}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown key 'fold'");
  CHECK(report == NULL && length == 0);
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"folds\": \"2\"}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "folds must be an integer");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "[1]", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "must be a JSON object");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "invalid JSON");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"models\": [\"logit\"]}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown model kind 'logit'");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"attacks\": [\"ddos\"]}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unknown attack 'ddos'");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, "{\"folds\": 9}", &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "exceed the 4 entities");
  CHECK_FAIL(trustscore_evaluate(signals, signals, NULL, &report, &length), TRUSTSCORE_E_BAD_FORMAT,
             "unknown header 'factor'");
  CHECK_FAIL(trustscore_evaluate(NULL, outcomes, NULL, &report, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "signals_path");
  CHECK_FAIL(trustscore_evaluate(signals, outcomes, NULL, NULL, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "report");
  remove(signals);
  remove(outcomes);
}

/* ---- Store and signals ------------------------------------------------------ */

static void test_store_and_scores(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* other = NULL;
  int64_t n = -1, len = -1, idx = -1;
  double t = 0;
  char buf[32];

  CHECK_OK(trustscore_model_create(&m));
  CHECK_FAIL(trustscore_store_create(m, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  st = (trustscore_store*)NULL;
  CHECK_FAIL(trustscore_store_create(NULL, &st), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
  CHECK(st == NULL);
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK(st != NULL);

  /* Empty store. */
  CHECK_OK(trustscore_store_entity_count(st, &n));
  CHECK(n == 0);
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(isnan(t));
  CHECK_OK(trustscore_store_entity_index(st, "alpha", &idx));
  CHECK(idx == -1);
  CHECK_FAIL(trustscore_store_entity_id(st, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  {
    /* Scoring an empty store: no outputs needed; the baseline is sum w a = 0.5. */
    double baseline = -1;
    CHECK_OK(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                              &baseline));
    CHECK_NEAR(baseline, 0.5, TOL);
  }
  CHECK_OK(trustscore_store_add_signals(st, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, T0));
  CHECK(entity_count(st) == 0);

  /* NULL handles and outputs of the look-ups. */
  CHECK_FAIL(trustscore_store_entity_count(NULL, &n), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_entity_count(st, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK_FAIL(trustscore_store_latest_time(NULL, &t), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_latest_time(st, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "time");
  CHECK_FAIL(trustscore_store_entity_index(NULL, "alpha", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store");
  CHECK_FAIL(trustscore_store_entity_index(st, NULL, &idx), TRUSTSCORE_E_INVALID_ARGUMENT, "id");
  CHECK_FAIL(trustscore_store_entity_index(st, "alpha", NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index");
  CHECK_FAIL(trustscore_store_entity_id(NULL, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");

  /* The hand-computed case, all signals at T0 (no decay at as_of = T0):
       alpha  authenticity  value 1    strength 3: r = 3, s = 0
              data_security value 0.25 strength 2: r = 0.5, s = 2 * 0.75 * 2 = 3
       beta   service_details value 0.5 strength 2: r = 1, s = 2 * 0.5 * 2 = 2 */
  {
    const char* ids[3] = {"alpha", "alpha", "beta"};
    const int32_t factor[3] = {AUTHENTICITY, DATA_SECURITY, SERVICE_DETAILS};
    const double value[3] = {1.0, 0.25, 0.5};
    const double weight[3] = {3.0, 2.0, 2.0};
    CHECK_OK(trustscore_store_add_signals(st, 3, ids, NULL, factor, value, weight, NULL, NULL, T0));
  }
  CHECK(entity_count(st) == 2);
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(t == T0);
  CHECK_OK(trustscore_store_entity_index(st, "beta", &idx));
  CHECK(idx == 1);
  CHECK_OK(trustscore_store_entity_id(st, 0, buf, sizeof buf, &len));
  CHECK_STR(buf, "alpha");
  CHECK(len == 5);
  len = -1;
  CHECK_OK(trustscore_store_entity_id(st, 1, NULL, 0, &len));
  CHECK(len == 4);
  len = -1;
  CHECK_FAIL2(trustscore_store_entity_id(st, 1, buf, 4, &len), TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf",
              "5");
  CHECK(len == 4);
  CHECK_FAIL(trustscore_store_entity_id(st, 1, NULL, 4, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "buf");
  CHECK_FAIL(trustscore_store_entity_id(st, 1, buf, -1, &len), TRUSTSCORE_E_INVALID_ARGUMENT,
             "capacity");
  CHECK_FAIL(trustscore_store_entity_id(st, 1, buf, sizeof buf, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "length");
  CHECK_FAIL2(trustscore_store_entity_id(st, 2, buf, sizeof buf, &len),
              TRUSTSCORE_E_INVALID_ARGUMENT, "index", "out of range");
  CHECK_FAIL(trustscore_store_entity_id(st, -1, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "index");
  CHECK_OK(trustscore_store_entity_id(st, 1, buf, 5, &len));
  CHECK_STR(buf, "beta");

  /* alpha by hand, decision weights / 12.5: w(authenticity) = w(data_security) = 0.16.
       p(authenticity) = (3 + 0.5 * 2) / (3 + 0 + 2) = 0.8      contribution 0.16 * 0.3 = 0.048
       p(data_security) = (0.5 + 1) / (0.5 + 3 + 2) = 3/11      contribution 0.16 * (3/11 - 1/2)
                                                                 = -0.8/22 = -0.0363636...
       other factors p = 0.5, contribution 0; baseline 0.5
       score = 0.5 + 0.048 - 0.0363636... = 0.5116363636...
     beta: w(service_details) = 1/12.5 = 0.08, p = (1 + 1) / (1 + 2 + 2) = 0.4,
       score = 0.5 + 0.08 * (0.4 - 0.5) = 0.492.
     best lever of alpha: gain = w (1 - p) / (n + 1); koc_word_of_mouth (weight 0.16, no
       evidence) 0.16 * 0.5 / 3 = 0.02667 beats third_party_endorsement and data_points
       (0.12 * 0.5 / 3 = 0.02), authenticity (0.16 * 0.2 / 6) and data_security
       (0.16 * (8/11) / 6.5 = 0.0179). */
  {
    double r[2][NF], s[2][NF];
    expected_t e[2];
    double score[2], lower[2], upper[2], contributions[2 * NF], gains[2 * NF], baseline = -1;
    int32_t best[2];
    int i, f;
    memset(r, 0, sizeof r);
    memset(s, 0, sizeof s);
    r[0][AUTHENTICITY] = 3;
    r[0][DATA_SECURITY] = 0.5;
    s[0][DATA_SECURITY] = 3;
    r[1][SERVICE_DETAILS] = 1;
    s[1][SERVICE_DETAILS] = 2;
    e[0] = reference_default(decision_weights, r[0], s[0], Z95);
    e[1] = reference_default(decision_weights, r[1], s[1], Z95);
    CHECK_NEAR(e[0].score, 0.5 + 0.048 - 0.8 / 22, 1e-15); /* the reference agrees with the hand */
    CHECK_NEAR(e[1].score, 0.492, 1e-15);
    CHECK(e[0].best_lever == KOC_WORD_OF_MOUTH);

    CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, lower, upper, contributions, gains, best,
                       &baseline));
    CHECK_NEAR(baseline, 0.5, TOL);
    CHECK_NEAR(score[0], 0.5116363636363636, TOL);
    CHECK_NEAR(score[1], 0.492, TOL);
    CHECK(best[0] == KOC_WORD_OF_MOUTH);
    for (i = 0; i < 2; ++i) {
      double sum = 0;
      CHECK_NEAR(score[i], e[i].score, TOL);
      CHECK_NEAR(lower[i], e[i].lower, TOL);
      CHECK_NEAR(upper[i], e[i].upper, TOL);
      CHECK(lower[i] < score[i] && score[i] < upper[i]);
      /* The interval is symmetric here (no clipping). */
      CHECK_NEAR(upper[i] - score[i], score[i] - lower[i], TOL);
      for (f = 0; f < NF; ++f) {
        CHECK_NEAR(contributions[i * NF + f], e[i].contributions[f], TOL);
        CHECK_NEAR(gains[i * NF + f], e[i].gains[f], TOL);
        sum += contributions[i * NF + f];
      }
      CHECK_NEAR(sum, score[i] - baseline, TOL);
    }
    /* alpha's interval by hand: sum w^2 var = 0.0256 * (0.8 * 0.2 / 6)
         + 0.0256 * (3/11 * 8/11 / 6.5) + (1/12) * (0.0144 + 0.0016 + 0.0144 + 0.0064 * 3
         + 0.0256) = 0.000682667 + 0.000781183 + 0.006266667 = 0.007730516;
       half-width 1.959963984540054 * sqrt(0.007730516) = 0.172326 */
    CHECK_NEAR(upper[0] - score[0],
               Z95 * sqrt(0.0256 * (0.16 / 6) + 0.0256 * (24.0 / 121.0 / 6.5) + 0.0752 / 12), TOL);
    CHECK_NEAR(upper[0] - score[0], 0.172326, 1e-6);

    /* Another confidence: 50 % gives z = 0.6744897501960817. */
    CHECK_OK(score_all(m, st, NULL, 0.5, 2, NF, score, lower, upper, NULL, NULL, NULL, NULL));
    e[0] = reference_default(decision_weights, r[0], s[0], 0.6744897501960817);
    CHECK_NEAR(score[0], e[0].score, TOL);
    CHECK_NEAR(lower[0], e[0].lower, 1e-9);
    CHECK_NEAR(upper[0], e[0].upper, 1e-9);

    /* Another profile: awareness. */
    CHECK_OK(score_all(m, st, "awareness", 0.95, 2, NF, score, lower, upper, contributions, gains,
                       best, &baseline));
    for (i = 0; i < 2; ++i) {
      e[i] = reference_default(awareness_weights, r[i], s[i], Z95);
      CHECK_NEAR(score[i], e[i].score, TOL);
      CHECK_NEAR(lower[i], e[i].lower, TOL);
      CHECK_NEAR(upper[i], e[i].upper, TOL);
      for (f = 0; f < NF; ++f) CHECK_NEAR(contributions[i * NF + f], e[i].contributions[f], TOL);
    }
    /* awareness weighs 1, 1.5, 1.5, 0.5, 0.5, 2, 1, 2, 0.5 (total 10.5): official_backing
       and koc_word_of_mouth weigh 2 / 10.5; alpha has no evidence on either, so one of the
       two (equal gains) is its lever.
       alpha: 0.5 + (1 / 10.5) * 0.3 + (0.5 / 10.5) * (3/11 - 0.5) = 0.5177489177... */
    CHECK(best[0] == OFFICIAL_BACKING || best[0] == KOC_WORD_OF_MOUTH);
    CHECK_NEAR(score[0], 0.5 + 0.3 / 10.5 - (0.5 / 10.5) * 5.0 / 22.0, TOL);
    CHECK_NEAR(score[0], 0.5177489177489177, TOL);
  }

  /* ---- add_signals error paths. Every one leaves the store unchanged. ---- */
  {
    const char* ids[2] = {"gamma", "alpha"};
    const char* null_id[2] = {"gamma", NULL};
    const char* empty_id[2] = {"gamma", ""};
    const int64_t ent[2] = {0, 1};
    const int64_t ent_bad[2] = {0, 2};
    const int64_t ent_neg[2] = {0, -1};
    const int32_t fac[2] = {VALUES, EXPERTS};
    const int32_t fac_bad[2] = {VALUES, NF};
    const int32_t fac_neg[2] = {VALUES, -1};
    const double val[2] = {1, 1};
    const double val_nan[2] = {1, NAN};
    const double val_inf[2] = {1, INFINITY};
    const double val_big[2] = {1, 1.5};
    const double val_neg[2] = {1, -0.1};
    const double w_neg[2] = {1, -1};
    const double w_nan[2] = {1, NAN};
    const double w_inf[2] = {1, INFINITY};
    const double t_inf[2] = {T0, -INFINITY};
    const double c_big[2] = {1, 1.5};
    const double c_neg[2] = {1, -0.5};
    const double c_nan[2] = {1, NAN};
    const double alpha0 = 0.5116363636363636, beta0 = 0.492;

#define UNCHANGED()                                                \
  do {                                                             \
    int64_t gamma_ = 7;                                            \
    CHECK(entity_count(st) == 2);                                  \
    CHECK_OK(trustscore_store_entity_index(st, "gamma", &gamma_)); \
    CHECK(gamma_ == -1);                                           \
    CHECK_NEAR(score_of(m, st, 0), alpha0, TOL);                   \
    CHECK_NEAR(score_of(m, st, 1), beta0, TOL);                    \
  } while (0)

    CHECK_FAIL(trustscore_store_add_signals(NULL, 2, ids, NULL, fac, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "store");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, -1, ids, NULL, fac, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "count");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, -1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "count");
    CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, NULL, fac, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "entity_index");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, NULL, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factor");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, NULL, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "value");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, NULL, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factor");
    CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, fac, NULL, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "value");
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, null_id, NULL, fac, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "entity_ids[1]", "NULL");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, empty_id, NULL, fac, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "entity id is empty");
    UNCHANGED();
    /* The first signal (new entity gamma) is fine, the second is not: all or nothing. */
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_nan, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "value");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_inf, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "value", "infinite");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_big, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "value", "[0, 1]");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val_neg, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "value", "[0, 1]");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_neg, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "negative");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_nan, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "NaN");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w_inf, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "weight", "infinite");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, t_inf, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "signal 1", "time");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_big, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_neg, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, c_nan, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "credibility");
    UNCHANGED();
    CHECK_FAIL2(
        trustscore_store_add_signals(st, 2, ids, NULL, fac, val, NULL, NULL, NULL, INFINITY),
        TRUSTSCORE_E_INVALID_ARGUMENT, "default time", "infinite");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 0, ids, NULL, fac, val, NULL, NULL, NULL, INFINITY),
               TRUSTSCORE_E_INVALID_ARGUMENT, "default time");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac_bad, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "factor index", "out of range");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, ids, NULL, fac_neg, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "factor index", "-1");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, NULL, ent_bad, fac, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "entity index", "out of range");
    UNCHANGED();
    CHECK_FAIL2(trustscore_store_add_signals(st, 2, NULL, ent_neg, fac, val, NULL, NULL, NULL, T0),
                TRUSTSCORE_E_INVALID_ARGUMENT, "entity index", "-1");
    UNCHANGED();
    CHECK_FAIL(trustscore_store_add_signals(st, 2, NULL, ent, fac_bad, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factor index");
    UNCHANGED();
#undef UNCHANGED
  }

  /* By dense index, with source credibility: beta gets koc_word_of_mouth value 1,
     strength 1 from a source of credibility 0.5 -> r = 0.5, s = 0,
     p = (0.5 + 1) / (0.5 + 2) = 0.6, contribution 0.16 * 0.1 = 0.016: beta = 0.508.
     A second signal with time NaN takes default_time (T0) and weighs 0. */
  {
    const int64_t ent[2] = {1, 1};
    const int32_t fac[2] = {KOC_WORD_OF_MOUTH, VALUES};
    const double val[2] = {1.0, 0.0};
    const double w[2] = {1.0, 0.0};
    const double tm[2] = {T0, NAN};
    const double cred[2] = {0.5, 1.0};
    double score[2], gains[2 * NF];
    int32_t best[2];
    int f, arg = -1;
    double max = -1;
    CHECK_OK(trustscore_store_add_signals(st, 2, NULL, ent, fac, val, w, tm, cred, T0));
    CHECK(entity_count(st) == 2);
    CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF, score, NULL, NULL, NULL, gains, best, NULL));
    CHECK_NEAR(score[0], 0.5116363636363636, TOL);
    CHECK_NEAR(score[1], 0.508, TOL);
    /* beta's gains tie (authenticity and data_security, 0.16 * 0.5 / 3): best_lever is the
       first largest gain of those it reports. */
    for (f = 0; f < NF; ++f)
      if (gains[NF + f] > max) max = gains[NF + f], arg = f;
    CHECK(best[1] == arg);
    CHECK_NEAR(gains[NF + best[1]], 0.16 * 0.5 / 3, TOL);
    CHECK_NEAR(gains[NF + KOC_WORD_OF_MOUTH], 0.16 * 0.4 / 3.5, TOL);
    CHECK_OK(trustscore_store_latest_time(st, &t));
    CHECK(t == T0);
  }

  /* ---- trustscore_score error paths; each followed by a correct call. ---- */
  {
    trustscore_score_options o;
    double score[2], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
    int32_t best[2];
    trustscore_model* custom = NULL;

#define SCORES_RIGHT()                                                                       \
  do {                                                                                       \
    CHECK_OK(trustscore_score(m, st, NULL, score, 2, lower, 2, upper, 2, con, 2 * NF, gains, \
                              2 * NF, best, 2, &baseline));                                  \
    CHECK_NEAR(score[0], 0.5116363636363636, TOL);                                           \
    CHECK_NEAR(score[1], 0.508, TOL);                                                        \
    CHECK(best[0] == KOC_WORD_OF_MOUTH);                                                     \
  } while (0)

    CHECK_FAIL(trustscore_score_options_init(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "options");
    memset(&o, 0, sizeof o);
    CHECK_OK(trustscore_score_options_init(&o));
    CHECK(o.version == TRUSTSCORE_SCORE_OPTIONS_VERSION);
    CHECK(o.threads == 0);
    CHECK(o.profile == NULL);
    CHECK(isnan(o.as_of));
    CHECK(o.confidence == 0.95);

    CHECK_FAIL(trustscore_score(NULL, st, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
                                0, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "model");
    SCORES_RIGHT();
    CHECK_FAIL(trustscore_score(m, NULL, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
                                0, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "store");
    SCORES_RIGHT();

    /* Options of another version. */
    o.version = TRUSTSCORE_SCORE_OPTIONS_VERSION + 1;
    CHECK_FAIL2(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_VERSION_MISMATCH, "options->version", "2");
    SCORES_RIGHT();
    o.version = 0;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_VERSION_MISMATCH, "version");
    SCORES_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.threads = -1;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
    SCORES_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.profile = "nope";
    CHECK_FAIL2(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "profile", "nope");
    SCORES_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.confidence = 1.0;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
    o.confidence = 0.0;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
    o.confidence = NAN;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "confidence");
    SCORES_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.as_of = INFINITY;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "time");
    SCORES_RIGHT();
    /* Before the newest signal (T0): later evidence cannot be left out. */
    o.as_of = T0 - 1;
    CHECK_FAIL(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "before the newest signal");
    SCORES_RIGHT();

    /* Capacities too small, NULL with a capacity, negative capacities. */
    CHECK_FAIL2(
        trustscore_score(m, st, NULL, score, 1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_BUFFER_TOO_SMALL, "score", "2");
    SCORES_RIGHT();
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, lower, 1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_BUFFER_TOO_SMALL, "lower");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, upper, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_BUFFER_TOO_SMALL, "upper");
    CHECK_FAIL2(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, con, 2 * NF - 1, NULL, 0,
                                 NULL, 0, NULL),
                TRUSTSCORE_E_BUFFER_TOO_SMALL, "contributions", "18");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, gains, NF, NULL, 0, NULL),
        TRUSTSCORE_E_BUFFER_TOO_SMALL, "gains");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, best, 1, NULL),
        TRUSTSCORE_E_BUFFER_TOO_SMALL, "best_lever");
    SCORES_RIGHT();
    CHECK_FAIL2(
        trustscore_score(m, st, NULL, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "score", "NULL");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "lower");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 2, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "upper");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 18, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "contributions");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 18, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "gains");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 2, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "best_lever");
    CHECK_FAIL(
        trustscore_score(m, st, NULL, NULL, -1, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "score");
    CHECK_FAIL2(
        trustscore_score(m, st, NULL, score, -2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL),
        TRUSTSCORE_E_INVALID_ARGUMENT, "score_capacity", "negative");
    CHECK_FAIL2(trustscore_score(m, st, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, gains, INT64_MIN,
                                 NULL, 0, NULL),
                TRUSTSCORE_E_INVALID_ARGUMENT, "gains_capacity", "negative");
    SCORES_RIGHT();
    /* A larger capacity than needed is fine; the rest is left alone. */
    {
      double big[4] = {-1, -1, -1, -1};
      CHECK_OK(
          trustscore_score(m, st, NULL, big, 4, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
      CHECK_NEAR(big[0], 0.5116363636363636, TOL);
      CHECK(big[2] == -1 && big[3] == -1);
    }

    /* A model whose factors differ from the store's. */
    CHECK_OK(from_json("{\"factors\": [{\"id\": \"innovation\"}]}", &custom));
    CHECK_FAIL(trustscore_score(custom, st, NULL, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                                NULL, 0, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factors");
    SCORES_RIGHT();
    CHECK_OK(trustscore_store_create(custom, &other));
    CHECK_FAIL(trustscore_score(m, other, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL,
                                0, NULL),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factors");
    trustscore_store_free(other);
    other = NULL;
    trustscore_model_free(custom);
    /* The store keeps its own copy of what it needs: freeing a model does not hurt it. */
    SCORES_RIGHT();
#undef SCORES_RIGHT
  }

  /* ---- trustscore_score_into: the same results, its own error paths. ---- */
  {
    trustscore_score_outputs out;
    trustscore_score_options o;
    double score[3], lower[2], upper[2], con[2 * NF], gains[2 * NF], baseline = -1;
    double score2[2], con2[2 * NF], gains2[2 * NF];
    int32_t best[2], best2[2];
    int i;

    CHECK_OK(trustscore_score(m, st, NULL, score2, 2, NULL, 0, NULL, 0, con2, 2 * NF, gains2,
                              2 * NF, best2, 2, &baseline));
    CHECK_FAIL(trustscore_score_outputs_init(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "outputs");
    memset(&out, 0x5a, sizeof out);
    CHECK_OK(trustscore_score_outputs_init(&out));
    CHECK(out.version == TRUSTSCORE_SCORE_OUTPUTS_VERSION && out.reserved == 0);
    CHECK(out.capacity == 0 && out.score == NULL && out.lower == NULL && out.upper == NULL);
    CHECK(out.contributions == NULL && out.gains == NULL && out.best_lever == NULL);
    CHECK(isnan(out.baseline) && isnan(out.as_of));

    /* No arrays: a valid call that only reports baseline and as-of. */
    CHECK_OK(trustscore_score_into(m, st, NULL, &out));
    CHECK(out.baseline == baseline);
    CHECK(out.as_of == T0);

#define INTO_RIGHT()                                                                       \
  do {                                                                                     \
    CHECK_OK(trustscore_score_outputs_init(&out));                                         \
    out.capacity = 2;                                                                      \
    out.score = score, out.lower = lower, out.upper = upper;                               \
    out.contributions = con, out.gains = gains, out.best_lever = best;                     \
    CHECK_OK(trustscore_score_into(m, st, NULL, &out));                                    \
    CHECK(score[0] == score2[0] && score[1] == score2[1]);                                 \
    CHECK(memcmp(con, con2, sizeof con) == 0 && memcmp(gains, gains2, sizeof gains) == 0); \
    CHECK(best[0] == best2[0] && best[1] == best2[1]);                                     \
    CHECK(out.baseline == baseline && out.as_of == T0);                                    \
  } while (0)

    INTO_RIGHT();
    CHECK_NEAR(score[0], 0.5116363636363636, TOL);
    for (i = 0; i < 2; ++i) CHECK(lower[i] <= score[i] && score[i] <= upper[i]);

    /* A larger capacity is fine; the extra element is left alone. */
    score[2] = -7;
    CHECK_OK(trustscore_score_outputs_init(&out));
    out.capacity = 3;
    out.score = score;
    CHECK_OK(trustscore_score_into(m, st, NULL, &out));
    CHECK(score[0] == score2[0] && score[2] == -7);

    CHECK_OK(trustscore_score_outputs_init(&out));
    out.score = score;
    CHECK_FAIL(trustscore_score_into(NULL, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "model");
    INTO_RIGHT();
    CHECK_FAIL(trustscore_score_into(m, NULL, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "store");
    INTO_RIGHT();
    CHECK_FAIL(trustscore_score_into(m, st, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "outputs");
    INTO_RIGHT();
    out.version = TRUSTSCORE_SCORE_OUTPUTS_VERSION + 1;
    CHECK_FAIL2(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_VERSION_MISMATCH,
                "outputs->version", "trustscore_score_outputs_init");
    INTO_RIGHT();
    out.reserved = 1;
    CHECK_FAIL(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "reserved");
    INTO_RIGHT();
    out.capacity = -1;
    CHECK_FAIL(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "negative");
    INTO_RIGHT();
    out.capacity = 1; /* the store has 2 entities */
    CHECK_FAIL2(trustscore_score_into(m, st, NULL, &out), TRUSTSCORE_E_BUFFER_TOO_SMALL, "capacity",
                "2");
    INTO_RIGHT();
    /* Options are read as by trustscore_score. */
    CHECK_OK(trustscore_score_options_init(&o));
    o.threads = -1;
    CHECK_FAIL(trustscore_score_into(m, st, &o, &out), TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
    INTO_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.profile = "no_such_profile";
    CHECK_FAIL(trustscore_score_into(m, st, &o, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
               "no_such_profile");
    INTO_RIGHT();
    CHECK_OK(trustscore_score_options_init(&o));
    o.as_of = T0 + 86400;
    CHECK_OK(trustscore_score_into(m, st, &o, &out));
    CHECK(out.as_of == T0 + 86400);
#undef INTO_RIGHT
  }

  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Custom factors: scoring through JSON ------------------------------------ */

static void test_custom_factor_scores(void) {
  /* innovation: base rate 0.4, prior weight 4, negativity 3, no decay, weight 2 in every
     profile, so "decision" sums to 12.5 + 2 = 14.5.
       baseline = (12.5 * 0.5 + 2 * 0.4) / 14.5 = 7.05 / 14.5 = 0.4862068965...
       entity x: innovation value 0.5 strength 1: r = 0.5, s = 0.5 * 3 = 1.5, n = 6,
       p = (0.5 + 0.4 * 4) / 6 = 0.35, contribution (2 / 14.5) * (0.35 - 0.4) = -0.0068965...
       score = 0.4793103448... (= 6.95 / 14.5) */
  static const char* cfg =
      "{\"factors\": [{\"id\": \"innovation\", \"half_life_days\": null, \"negativity\": 3,"
      " \"base_rate\": 0.4, \"prior_weight\": 4, \"weight\": 2}]}";
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  const char* ids[2] = {"x", "y"};
  const int32_t fac[2] = {NF, NF};
  const double val[2] = {0.5, 1.0};
  const double w[2] = {1.0, 0.0};
  double score[2], con[2 * (NF + 1)], baseline = -1, sum = 0;
  int32_t best[2];
  int f;
  CHECK_OK(from_json(cfg, &m));
  CHECK(factor_count(m) == NF + 1);
  CHECK_OK(trustscore_store_create(m, &st));
  /* Factor index NF exists now, NF + 1 does not. */
  {
    const int32_t bad[1] = {NF + 1};
    CHECK_FAIL(trustscore_store_add_signals(st, 1, ids, NULL, bad, val, NULL, NULL, NULL, T0),
               TRUSTSCORE_E_INVALID_ARGUMENT, "factor index");
    CHECK(entity_count(st) == 0);
  }
  /* y's signal weighs 0: y has no evidence. The innovation signal is 10 years old at the
     as-of time of the second call (no decay for innovation). */
  CHECK_OK(trustscore_store_add_signals(st, 2, ids, NULL, fac, val, w, NULL, NULL, T0));
  CHECK_OK(score_all(m, st, NULL, 0.95, 2, NF + 1, score, NULL, NULL, con, NULL, best, &baseline));
  CHECK_NEAR(baseline, 7.05 / 14.5, TOL);
  CHECK_NEAR(score[0], 6.95 / 14.5, TOL);
  CHECK_NEAR(score[1], baseline, TOL);
  CHECK_NEAR(con[NF], (2 / 14.5) * (0.35 - 0.4), TOL);
  for (f = 0; f < NF + 1; ++f) sum += con[f];
  CHECK_NEAR(sum, score[0] - baseline, TOL);
  {
    trustscore_score_options o;
    CHECK_OK(trustscore_score_options_init(&o));
    o.as_of = T0 + 3650 * DAY;
    CHECK_OK(
        trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
    CHECK_NEAR(score[0], 6.95 / 14.5, TOL);
  }
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- Decay ---------------------------------------------------------------- */

static void test_decay(void) {
  /* koc_word_of_mouth with a 10-day half-life; profile "koc" weighs only it, so the
     score is p(koc_word_of_mouth).
       d: value 1 at T0 and value 1 at T0 + 10 days (one half-life apart).
          As of T0 + 10 days: r = 1 * 1/2 + 1 = 1.5, p = (1.5 + 1) / (1.5 + 2) = 5/7.
          As of T0 + 20 days: r = 0.75, p = 1.75 / 2.75 = 7/11.
       n: value 0 at T0: as of T0 + 10 days s = 1 * 2 * 1/2 = 1, p = 1 / 3. */
  static const char* cfg =
      "{\"factors\": [{\"id\": \"koc_word_of_mouth\", \"half_life_days\": 10}],"
      " \"profiles\": {\"koc\": {\"koc_word_of_mouth\": 1}}}";
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_store* rev = NULL;
  const char* ids[3] = {"d", "d", "n"};
  const char* ids_rev[3] = {"d", "n", "d"};
  const int32_t fac[3] = {KOC_WORD_OF_MOUTH, KOC_WORD_OF_MOUTH, KOC_WORD_OF_MOUTH};
  const double val[3] = {1, 1, 0};
  const double val_rev[3] = {1, 0, 1};
  const double tm[3] = {T0, T0 + 10 * DAY, T0};
  double score[2], score_rev[2], lower[2], upper[2], baseline = -1, t = 0;
  trustscore_score_options o;

  CHECK_OK(from_json(cfg, &m));
  CHECK_OK(trustscore_store_create(m, &st));
  CHECK_OK(trustscore_store_create(m, &rev));
  CHECK_OK(trustscore_store_add_signals(st, 3, ids, NULL, fac, val, NULL, tm, NULL, T0));
  /* Newest first, one at a time: the same evidence. */
  CHECK_OK(trustscore_store_add_signals(rev, 1, ids_rev, NULL, fac, val_rev, NULL, NULL, NULL,
                                        T0 + 10 * DAY));
  CHECK_OK(trustscore_store_add_signals(rev, 2, ids_rev + 1, NULL, fac, val_rev + 1, NULL, NULL,
                                        NULL, T0));
  CHECK_OK(trustscore_store_latest_time(st, &t));
  CHECK(t == T0 + 10 * DAY);

  CHECK_OK(trustscore_score_options_init(&o));
  o.profile = "koc";
  CHECK_OK(trustscore_score(m, st, &o, score, 2, lower, 2, upper, 2, NULL, 0, NULL, 0, NULL, 0,
                            &baseline));
  CHECK_NEAR(baseline, 0.5, TOL);
  CHECK_NEAR(score[0], 5.0 / 7.0, TOL);
  CHECK_NEAR(score[1], 1.0 / 3.0, TOL);
  /* One factor: half-width z sqrt(p (1 - p) / (n + 1)), n = 3.5 for d: 0.4174, so the
     upper bound 5/7 + 0.4174 is clipped to 1. */
  CHECK_NEAR(score[0] - lower[0], Z95 * sqrt((5.0 / 7.0) * (2.0 / 7.0) / 4.5), TOL);
  CHECK(upper[0] == 1.0);
  /* n: n = 1 + 2 = 3, half-width z sqrt((1/3) (2/3) / 4) = 0.4620: lower clipped to 0. */
  CHECK(lower[1] == 0.0);
  CHECK_NEAR(upper[1] - score[1], Z95 * sqrt((1.0 / 3.0) * (2.0 / 3.0) / 4.0), TOL);
  CHECK_OK(trustscore_score(m, rev, &o, score_rev, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0,
                            NULL));
  CHECK_NEAR(score_rev[0], 5.0 / 7.0, TOL);
  CHECK_NEAR(score_rev[1], 1.0 / 3.0, TOL);

  o.as_of = T0 + 20 * DAY;
  CHECK_OK(
      trustscore_score(m, st, &o, score, 2, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL));
  CHECK_NEAR(score[0], 7.0 / 11.0, TOL);
  /* n: s = 0.5, p = 1 / 2.5 = 0.4. */
  CHECK_NEAR(score[1], 0.4, TOL);

  /* Other factors keep their default half-lives: under "decision", d's koc evidence
     weighs 0.16 -> 0.5 + 0.16 * (5/7 - 1/2) as of T0 + 10 days. */
  CHECK_NEAR(score_of(m, st, 0), 0.5 + 0.16 * (5.0 / 7.0 - 0.5), TOL);

  trustscore_store_free(rev);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* ---- CSV ------------------------------------------------------------------ */

static void test_csv(void) {
  char good[512], bad[512], missing[512], header[512], empty[512];
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  int64_t added = -1, skipped = -1, idx = -1, len = -1;
  char buf[32];
  const long pid = (long)getpid();

  snprintf(good, sizeof good, "%s/c_abi_%ld_good.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(bad, sizeof bad, "%s/c_abi_%ld_bad.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(missing, sizeof missing, "%s/c_abi_%ld_missing.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(header, sizeof header, "%s/c_abi_%ld_header.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  snprintf(empty, sizeof empty, "%s/c_abi_%ld_empty.csv", TRUSTSCORE_C_TEST_TMPDIR, pid);
  remove(missing);
  /* The same evidence as alpha and beta in test_store_and_scores, plus an entity whose id
     needs quoting; the columns in another order. */
  CHECK(write_file(good,
                   "entity,factor,value,weight,time\n"
                   "alpha,authenticity,1,3,1700000000\n"
                   "alpha,data_security,0.25,2,1700000000\r\n"
                   "beta,service_details,0.5,2,1700000000\n"
                   "\"gamma, inc\",values,1,0,2023-11-14T22:13:20Z\n"));
  /* Line 3 has an unknown factor; lines 4-7 are bad too. */
  CHECK(write_file(bad,
                   "factor,entity,value,weight\n"
                   "authenticity,alpha,1,3\n"
                   "trustworthiness,alpha,1,1\n"
                   "values,alpha,abc,1\n"
                   "values,alpha,1.5,1\n"
                   "values,alpha,1,-2\n"
                   "values,alpha\n"
                   "data_security,alpha,0.25,2\n"));
  CHECK(write_file(header, "entity,factor,score\nalpha,values,1\n"));
  CHECK(write_file(empty, ""));

  CHECK_OK(trustscore_model_create(&m));
  CHECK_OK(trustscore_store_create(m, &st));

  CHECK_FAIL(trustscore_store_add_csv(NULL, good, 0, T0, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store");
  CHECK_FAIL(trustscore_store_add_csv(st, NULL, 0, T0, &added, &skipped),
             TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  CHECK_FAIL2(trustscore_store_add_csv(st, missing, 0, T0, &added, &skipped), TRUSTSCORE_E_IO,
              "cannot open", missing);
  CHECK(entity_count(st) == 0);
  CHECK_FAIL2(trustscore_store_add_csv(st, header, 0, T0, &added, &skipped),
              TRUSTSCORE_E_BAD_FORMAT, "unknown header", "score");
  CHECK_FAIL(trustscore_store_add_csv(st, header, 1, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
             "header");
  CHECK_FAIL(trustscore_store_add_csv(st, empty, 0, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
             "empty");
  CHECK(entity_count(st) == 0);

  /* A bad row fails the call naming file, line and column; the store is unchanged. */
  CHECK_FAIL2(trustscore_store_add_csv(st, bad, 0, T0, &added, &skipped), TRUSTSCORE_E_BAD_FORMAT,
              bad, ":3: column 1 (factor)");
  CHECK(strstr(trustscore_last_error(), "trustworthiness") != NULL);
  CHECK(entity_count(st) == 0);

  /* The good file. */
  added = skipped = -1;
  CHECK_OK(trustscore_store_add_csv(st, good, 0, T0, &added, &skipped));
  CHECK(added == 4);
  CHECK(skipped == 0);
  CHECK(entity_count(st) == 3);
  CHECK_OK(trustscore_store_entity_index(st, "gamma, inc", &idx));
  CHECK(idx == 2);
  CHECK_OK(trustscore_store_entity_id(st, 2, buf, sizeof buf, &len));
  CHECK_STR(buf, "gamma, inc");
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  CHECK_NEAR(score_of(m, st, 1), 0.492, TOL);
  CHECK_NEAR(score_of(m, st, 2), 0.5, TOL);

  /* Bad rows skipped and counted: lines 2 and 8 go in (alpha's evidence doubled). */
  added = skipped = -1;
  CHECK_OK(trustscore_store_add_csv(st, bad, 1, T0, &added, &skipped));
  CHECK(added == 2);
  CHECK(skipped == 5);
  CHECK(entity_count(st) == 3);
  /* alpha: authenticity r = 6, p = 7/8; data_security r = 1, s = 6, p = 2/9.
     0.5 + 0.16 * (7/8 - 1/2) + 0.16 * (2/9 - 1/2) = 0.5 + 0.06 - 0.0444... */
  CHECK_NEAR(score_of(m, st, 0), 0.5 + 0.16 * 0.375 + 0.16 * (2.0 / 9.0 - 0.5), TOL);
  /* added and skipped may be NULL; nothing left to skip here. */
  CHECK_OK(trustscore_store_add_csv(st, good, 1, T0, NULL, NULL));
  CHECK(entity_count(st) == 3);

  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(good);
  remove(bad);
  remove(header);
  remove(empty);
}

/* ---- Thread-local last error ------------------------------------------------ */

typedef struct {
  const trustscore_model* model;
  int empty_at_start, status, names_own_factor, names_main_factor, empty_after_ok;
  double score;
} worker_t;

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

static void test_thread_local_error(void) {
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

int main(void) {
  test_versions();
  test_model_lookups();
  test_model_json();
  test_model_kinds();
  test_persistence();
  test_graphs();
  test_graph_csv_and_credibility();
  test_edge_prediction();
  test_metrics();
  test_learned_weights();
  test_evaluate();
  test_store_and_scores();
  test_custom_factor_scores();
  test_decay();
  test_csv();
  test_thread_local_error();
  if (failures != 0) {
    fprintf(stderr, "c_abi: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("c_abi: %d checks passed\n", checks);
  return 0;
}
