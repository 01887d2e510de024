/* The model: creation, look-ups, strings out (the length protocol), JSON. */
#include "abi_test.h"

/* ---- Creation and look-ups ---------------------------------------------------- */

static void test_model_create(void) {
  trustscore_model* m = NULL;
  CHECK_FAIL(trustscore_model_create(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  CHECK_OK(trustscore_model_create(&m));
  CHECK(m != NULL);
  CHECK_STR(trustscore_last_error(), "");
  trustscore_model_free(m);
}

static void test_builtin_factors(void) {
  trustscore_model* m = default_model();
  int64_t n = -1, len = -1, idx = -1, i;
  char buf[64];
  CHECK_OK(trustscore_model_factor_count(m, &n));
  CHECK(n == NF);
  for (i = 0; i < NF; ++i) {
    CHECK_OK(trustscore_model_factor_id(m, i, buf, sizeof buf, &len));
    CHECK_STR(buf, builtin_ids[i]);
    CHECK(len == (int64_t)strlen(builtin_ids[i]));
    CHECK_OK(trustscore_model_factor_index(m, builtin_ids[i], &idx));
    CHECK(idx == i);
  }
  trustscore_model_free(m);
}

static void test_builtin_profiles(void) {
  const char* const names[4] = {"awareness", "consideration", "decision", "nurturing"};
  trustscore_model* m = default_model();
  int64_t n = -1, len = -1, i;
  char buf[64];
  CHECK_OK(trustscore_model_profile_count(m, &n));
  CHECK(n == 4);
  for (i = 0; i < 4; ++i) {
    CHECK_OK(trustscore_model_profile_name(m, i, buf, sizeof buf, &len));
    CHECK_STR(buf, names[i]);
    CHECK(len == (int64_t)strlen(names[i]));
  }
  trustscore_model_free(m);
}

/* NULL handles and NULL outputs. */
static void test_model_lookups_reject_null(void) {
  trustscore_model* m = default_model();
  int64_t n = -1, len = -1, idx = -1;
  char buf[64];
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
  trustscore_model_free(m);
}

static void test_unknown_factor_names(void) {
  trustscore_model* m = default_model();
  int64_t idx = 42;
  CHECK_FAIL2(trustscore_model_factor_index(m, "innovation", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
              "factor", "innovation");
  CHECK_FAIL2(trustscore_model_factor_index(m, "", &idx), TRUSTSCORE_E_INVALID_ARGUMENT, "factor",
              "''");
  CHECK_FAIL(trustscore_model_factor_index(m, "Authenticity", &idx), TRUSTSCORE_E_INVALID_ARGUMENT,
             "Authenticity");
  CHECK_OK(trustscore_model_factor_index(m, "service_details", &idx));
  CHECK(idx == SERVICE_DETAILS);
  trustscore_model_free(m);
}

static void test_out_of_range_indices(void) {
  trustscore_model* m = default_model();
  int64_t len = -1;
  char buf[64];
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
  trustscore_model_free(m);
}

/* The string protocol: length query, too small, exact, NULL buffer with a
   capacity, negative capacity, NULL length. "third_party_endorsement" is 23. */
static void test_factor_id_string_protocol(void) {
  trustscore_model* m = default_model();
  int64_t len = -1;
  char buf[64];
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
  trustscore_model_free(m);
}

/* The same protocol for profile names; "decision" is 8. */
static void test_profile_name_string_protocol(void) {
  trustscore_model* m = default_model();
  int64_t len = -1;
  char buf[64];
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

/* Every document trustscore_model_from_json must refuse: its status and what the
   message names. */
static const bad_json_t bad_documents[] = {
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
    {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": \"long\"}]}", TRUSTSCORE_E_BAD_FORMAT,
     "half_life_days", NULL},
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
    {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": 0}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
     "half-life", NULL},
    {"{\"factors\": [{\"id\": \"values\", \"half_life_days\": -3}]}", TRUSTSCORE_E_INVALID_ARGUMENT,
     "half-life", NULL},
    {"{\"factors\": [{\"id\": \"Bad Id\"}]}", TRUSTSCORE_E_INVALID_ARGUMENT, "factor id", "Bad Id"},
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
    {"{\"profiles\": {\"decision\": {\"values\": -1}}}", TRUSTSCORE_E_INVALID_ARGUMENT, "decision",
     "weight"},
    {"{\"profiles\": {\"\": {\"values\": 1}}}", TRUSTSCORE_E_INVALID_ARGUMENT, "profile name",
     NULL},
    {"{\"default_profile\": \"nope\"}", TRUSTSCORE_E_INVALID_ARGUMENT, "profile", "nope"},
    {"{\"default_profile\": 3}", TRUSTSCORE_E_BAD_FORMAT, "default_profile", NULL},
};

/* to_json: string protocol and NULL handle; what the text holds. */
static void test_model_to_json(void) {
  trustscore_model* m = default_model();
  char* text = NULL;
  int64_t len = -1, len2 = -1;
  char small[8];
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
  if (text) {
    CHECK(strlen(text) == (size_t)len);
    CHECK(strstr(text, "\"format\":\"trustscore.model\"") != NULL);
    CHECK(strstr(text, "\"version\":1") != NULL);
    CHECK(strstr(text, "\"default_profile\":\"decision\"") != NULL);
    CHECK(strstr(text, "\"koc_word_of_mouth\"") != NULL);
  }
  free(text);
  trustscore_model_free(m);
}

/* from_json: NULL out, NULL text, negative length; *out is NULL on error. */
static void test_model_from_json_rejects_null(void) {
  trustscore_model* m = default_model();
  trustscore_model* out = NULL;
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
  trustscore_model_free(m);
}

/* Every bad document: its status, a message naming the problem, no model. */
static void test_model_from_json_rejects_bad_documents(void) {
  const bad_json_t* const bad = bad_documents;
  trustscore_model* m = default_model();
  trustscore_model* out = NULL;
  size_t i;
  for (i = 0; i < sizeof bad_documents / sizeof bad_documents[0]; ++i) {
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
  trustscore_model_free(m);
}

/* length counts, not the NUL: a valid prefix is read alone. */
static void test_model_from_json_reads_length_bytes(void) {
  trustscore_model* m = default_model();
  trustscore_model* out = NULL;
  CHECK_OK(trustscore_model_from_json("{\"version\": 1} trailing garbage", 14, &out));
  CHECK(out != NULL && factor_count(out) == NF);
  trustscore_model_free(out);
  out = m;
  CHECK_FAIL(trustscore_model_from_json("{\"version\": 1} trailing garbage", 16, &out),
             TRUSTSCORE_E_BAD_FORMAT, "JSON");
  CHECK(out == NULL);
  trustscore_model_free(m);
}

/* The full round trip: to_json -> from_json -> to_json is identical. */
static void test_model_json_round_trip(void) {
  trustscore_model* m = default_model();
  trustscore_model* out = NULL;
  char* text = model_json(m);
  char* text2 = NULL;
  CHECK(text != NULL);
  if (text) {
    CHECK_OK(from_json(text, &out));
    text2 = model_json(out);
    CHECK(text2 != NULL && strcmp(text, text2) == 0);
  }
  free(text2);
  free(text);
  trustscore_model_free(out);
  trustscore_model_free(m);
}

/* A custom factor, changed built-in parameters and a new profile. */
static void test_model_json_custom_factors_and_profiles(void) {
  static const char* cfg =
      "{\"format\": \"trustscore.model\", \"version\": 1, \"kind\": \"beta\","
      " \"factors\": [{\"id\": \"innovation\", \"description\": \"New products\","
      "                \"half_life_days\": null, \"negativity\": 3, \"base_rate\": 0.4,"
      "                \"prior_weight\": 4, \"weight\": 2},"
      "               {\"id\": \"data_security\", \"half_life_days\": 1000},"
      "               {\"id\": \"promise_keeping\"}],"
      " \"profiles\": {\"launch\": {\"innovation\": 3, \"experts\": 1}},"
      " \"default_profile\": \"launch\"}";
  trustscore_model* out = NULL;
  trustscore_model* again = NULL;
  char* text2 = NULL;
  char buf[64];
  int64_t idx = -1, len = -1, n = -1;
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
  }
  free(text2);
  trustscore_model_free(out);
}

static const abi_test tests[] = {
    ABI_TEST(test_model_create),
    ABI_TEST(test_builtin_factors),
    ABI_TEST(test_builtin_profiles),
    ABI_TEST(test_model_lookups_reject_null),
    ABI_TEST(test_unknown_factor_names),
    ABI_TEST(test_out_of_range_indices),
    ABI_TEST(test_factor_id_string_protocol),
    ABI_TEST(test_profile_name_string_protocol),
    ABI_TEST(test_model_to_json),
    ABI_TEST(test_model_from_json_rejects_null),
    ABI_TEST(test_model_from_json_rejects_bad_documents),
    ABI_TEST(test_model_from_json_reads_length_bytes),
    ABI_TEST(test_model_json_round_trip),
    ABI_TEST(test_model_json_custom_factors_and_profiles),
};
const abi_suite abi_suite_model = ABI_SUITE("model", tests);
