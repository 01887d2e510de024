/* The entry points of the ABI's conventions (docs/design/c-abi.md): options
   structs initialised with their version, the struct forms of the graph calls
   (the same results as the positional forms they replace), look-ups that
   write -1, NUL-terminated library buffers, and the JSON options' defaults. */
#include "abi_test.h"

#define PATH_SIZE 512

/* 0 -> 1 (+10), 1 -> 2 (+5), 2 -> 0 (-10) on the scale [-10, 10]. */
static const int64_t src[3] = {0, 1, 2}, dst[3] = {1, 2, 0};
static const double rating[3] = {10, 5, -10};
static const int64_t seeds[1] = {1};

static void test_score_options_init_version(void) {
  trustscore_score_options old_form, options;
  trustscore_score_outputs outputs;
  memset(&options, 0x5a, sizeof options);
  CHECK_OK(trustscore_score_options_init(&old_form));
  CHECK_OK(trustscore_score_options_init_version(&options, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK(options.version == TRUSTSCORE_SCORE_OPTIONS_VERSION && options.threads == 0);
  CHECK(options.profile == NULL && isnan(options.as_of) && options.confidence == 0.95);
  CHECK(old_form.confidence == options.confidence && old_form.threads == options.threads);
  CHECK_FAIL2(trustscore_score_options_init_version(&options, 0), TRUSTSCORE_E_VERSION_MISMATCH,
              "version is 0", "1 to 1");
  CHECK_FAIL(trustscore_score_options_init_version(&options, TRUSTSCORE_SCORE_OPTIONS_VERSION + 1),
             TRUSTSCORE_E_VERSION_MISMATCH, "version is 2");
  CHECK_FAIL(trustscore_score_options_init_version(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options");
  memset(&outputs, 0x5a, sizeof outputs);
  CHECK_OK(trustscore_score_outputs_init_version(&outputs, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  CHECK(outputs.version == 1 && outputs.reserved == 0 && outputs.capacity == 0);
  CHECK(outputs.score == NULL && outputs.best_lever == NULL && isnan(outputs.baseline));
  CHECK_FAIL(trustscore_score_outputs_init_version(&outputs, 7), TRUSTSCORE_E_VERSION_MISMATCH,
             "version is 7");
}

static void test_graph_options_init(void) {
  trustscore_graph_options g;
  trustscore_eigentrust_options e;
  memset(&g, 0x5a, sizeof g);
  memset(&e, 0x5a, sizeof e);
  CHECK_OK(trustscore_graph_options_init(&g, TRUSTSCORE_GRAPH_OPTIONS_VERSION));
  CHECK(g.version == 1 && g.duplicates == TRUSTSCORE_DUPLICATES_MEAN);
  CHECK(g.self_loops == TRUSTSCORE_SELF_LOOPS_DROP && g.reserved == 0);
  CHECK(g.rating_min == -1 && g.rating_max == 1);
  CHECK_OK(trustscore_eigentrust_options_init(&e, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION));
  CHECK(e.version == 2 && e.reserved == 0 && e.alpha == 0.15 && e.seeds == NULL);
  CHECK(e.seed_count == 0 && e.tolerance == 1e-8 && e.max_iterations == 1000);
  CHECK(e.threads == 1 && e.reserved2 == 0);
  CHECK_FAIL(trustscore_graph_options_init(&g, 2), TRUSTSCORE_E_VERSION_MISMATCH, "version is 2");
  CHECK_FAIL(trustscore_eigentrust_options_init(&e, -1), TRUSTSCORE_E_VERSION_MISMATCH,
             "version is -1");
  CHECK_FAIL(trustscore_eigentrust_options_init(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "options");
}

/* The struct forms give the positional forms' trust, bit for bit. */
static void test_graph_struct_forms_match_positional(void) {
  trustscore_graph_options g;
  trustscore_eigentrust_options e;
  trustscore_graph *by_struct = NULL, *by_position = NULL;
  double a[3] = {-1, -1, -1}, b[3] = {-2, -2, -2}, c[3] = {-3, -3, -3}, d[3] = {-4, -4, -4};
  double residual = -1;
  int64_t it = -1;
  CHECK_OK(trustscore_graph_options_init(&g, TRUSTSCORE_GRAPH_OPTIONS_VERSION));
  g.rating_min = -10;
  g.rating_max = 10;
  CHECK_OK(trustscore_eigentrust_options_init(&e, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION));
  e.seeds = seeds;
  e.seed_count = 1;
  e.tolerance = 1e-13;
  CHECK_OK(trustscore_graph_from_arrays(3, src, dst, rating, 3, &g, &by_struct));
  CHECK_OK(trustscore_graph_create(3, src, dst, rating, 3, -10, 10, TRUSTSCORE_DUPLICATES_MEAN,
                                   TRUSTSCORE_SELF_LOOPS_DROP, &by_position));
  CHECK_OK(trustscore_graph_eigentrust(by_struct, &e, a, 3, &it, &residual));
  CHECK(it > 1 && residual < 1e-13);
  CHECK_OK(trustscore_eigentrust(by_position, 0.15, seeds, 1, 1e-13, 1000, b, 3, NULL, NULL));
  CHECK_OK(trustscore_edges_eigentrust(3, src, dst, rating, 3, &g, &e, c, 3, NULL, NULL));
  CHECK_OK(trustscore_eigentrust_edges(3, src, dst, rating, 3, -10, 10, 0, 0, 0.15, seeds, 1, 1e-13,
                                       1000, d, 3, NULL, NULL));
  CHECK(a[0] == b[0] && a[1] == b[1] && a[2] == b[2]);
  CHECK(c[0] == d[0] && c[1] == d[1] && c[2] == d[2]);
  CHECK(a[1] > a[0] && a[1] > a[2]); /* node 1 is the seed */
  /* NULL options: the defaults (scale [-1, 1] rejects a rating of 10). */
  CHECK_FAIL(trustscore_edges_eigentrust(3, src, dst, rating, 3, NULL, NULL, c, 3, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "rating");
  CHECK_OK(trustscore_graph_eigentrust(by_struct, NULL, c, 3, NULL, NULL));
  CHECK_OK(trustscore_eigentrust(by_position, 0.15, NULL, 0, 1e-8, 1000, d, 3, NULL, NULL));
  CHECK(c[0] == d[0] && c[1] == d[1] && c[2] == d[2]);
  trustscore_graph_free(by_struct);
  trustscore_graph_free(by_position);
}

static void test_graph_struct_forms_reject_bad_options(void) {
  trustscore_graph_options g;
  trustscore_eigentrust_options e;
  trustscore_graph* graph = (trustscore_graph*)&g; /* must come back NULL */
  double trust[3];
  CHECK_OK(trustscore_graph_options_init(&g, TRUSTSCORE_GRAPH_OPTIONS_VERSION));
  CHECK_OK(trustscore_eigentrust_options_init(&e, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION));
  g.version = 0;
  CHECK_FAIL(trustscore_graph_from_arrays(3, src, dst, rating, 3, &g, &graph),
             TRUSTSCORE_E_VERSION_MISMATCH, "options->version is 0");
  CHECK(graph == NULL);
  CHECK_FAIL(trustscore_edges_eigentrust(3, src, dst, rating, 3, &g, NULL, trust, 3, NULL, NULL),
             TRUSTSCORE_E_VERSION_MISMATCH, "graph_options->version is 0");
  g.version = 1;
  g.reserved = 1;
  CHECK_FAIL(trustscore_graph_from_arrays(3, src, dst, rating, 3, &g, &graph),
             TRUSTSCORE_E_INVALID_ARGUMENT, "reserved");
  g.reserved = 0;
  g.duplicates = 9;
  CHECK_FAIL(trustscore_graph_from_csv("unused.csv", &g, &graph), TRUSTSCORE_E_INVALID_ARGUMENT,
             "duplicates");
  g.duplicates = TRUSTSCORE_DUPLICATES_MEAN;
  CHECK_FAIL(trustscore_graph_from_csv(NULL, &g, &graph), TRUSTSCORE_E_INVALID_ARGUMENT, "path");
  g.rating_min = -10;
  g.rating_max = 10;
  CHECK_OK(trustscore_graph_from_arrays(3, src, dst, rating, 3, &g, &graph));
  e.seed_count = 1; /* seeds NULL */
  CHECK_FAIL(trustscore_graph_eigentrust(graph, &e, trust, 3, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "seeds");
  e.seed_count = 0;
  e.version = 5;
  CHECK_FAIL(trustscore_graph_eigentrust(graph, &e, trust, 3, NULL, NULL),
             TRUSTSCORE_E_VERSION_MISMATCH, "options->version is 5");
  e.version = 1;
  CHECK_FAIL2(trustscore_graph_eigentrust(graph, &e, trust, 2, NULL, NULL),
              TRUSTSCORE_E_BUFFER_TOO_SMALL, "trust holds 2 elements", "3 are needed");
  CHECK_FAIL(trustscore_edges_eigentrust(-1, src, dst, rating, 3, &g, &e, trust, 3, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "node count is negative");
  CHECK_OK(trustscore_graph_eigentrust(graph, &e, trust, 3, NULL, NULL));
  trustscore_graph_free(graph);
}

static void test_graph_from_csv_with_options(void) {
  char path[PATH_SIZE];
  trustscore_graph_options g;
  trustscore_graph* graph = NULL;
  int64_t nodes = -1, edges = -1, index = -2;
  temp_path(path, sizeof path, "conventions_ratings.csv");
  CHECK(write_file(path, "source,target,rating\nann,bob,4\nann,bob,2\nbob,cyd,-4\n"));
  CHECK_OK(trustscore_graph_options_init(&g, TRUSTSCORE_GRAPH_OPTIONS_VERSION));
  g.rating_min = -4;
  g.rating_max = 4;
  CHECK_OK(trustscore_graph_from_csv(path, &g, &graph));
  CHECK_OK(trustscore_graph_counts(graph, &nodes, &edges));
  CHECK(nodes == 3 && edges == 2); /* the duplicate ann -> bob is merged (mean) */
  CHECK_OK(trustscore_graph_node_index(graph, "cyd", &index));
  CHECK(index == 2);
  trustscore_graph_free(graph);
  g.duplicates = TRUSTSCORE_DUPLICATES_ERROR;
  CHECK_FAIL(trustscore_graph_from_csv(path, &g, &graph), TRUSTSCORE_E_INVALID_ARGUMENT,
             "duplicate");
  CHECK(graph == NULL);
  remove(path);
}

/* A look-up of an absent id writes -1, as every look-up does. */
static void test_model_find_factor(void) {
  trustscore_model* m = default_model();
  int64_t index = 42;
  CHECK_OK(trustscore_model_find_factor(m, "service_details", &index));
  CHECK(index == SERVICE_DETAILS);
  CHECK_OK(trustscore_model_find_factor(m, "innovation", &index));
  CHECK(index == -1);
  index = 42;
  CHECK_OK(trustscore_model_find_factor(m, "", &index));
  CHECK(index == -1);
  CHECK_FAIL(trustscore_model_find_factor(NULL, "values", &index), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model");
  CHECK_FAIL(trustscore_model_find_factor(m, NULL, &index), TRUSTSCORE_E_INVALID_ARGUMENT, "id");
  CHECK_FAIL(trustscore_model_find_factor(m, "values", NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "index");
  trustscore_model_free(m);
}

/* Library-owned buffers end in a NUL that their length does not count. */
static void test_library_buffers_are_nul_terminated(void) {
  trustscore_model* m = default_model();
  trustscore_graph* graph = NULL;
  void* data = NULL;
  int64_t length = -1;
  CHECK_OK(trustscore_model_save_buffer(m, TRUSTSCORE_ARCHIVE_XML, &data, &length));
  CHECK(data != NULL && length > 0 && ((const char*)data)[length] == '\0');
  /* The XML payload's last element, then the NUL. */
  CHECK(length > 30 && memcmp((const char*)data + length - 18, "</logistic_bias>\n\n", 18) == 0);
  trustscore_buffer_free(data);
  data = NULL;
  CHECK_OK(trustscore_graph_create(3, src, dst, rating, 3, -10, 10, 0, 0, &graph));
  CHECK_OK(trustscore_edge_prediction(graph, "{\"folds\": 0}", &data, &length));
  CHECK(data != NULL && length > 0 && ((const char*)data)[length] == '\0');
  CHECK(length == (int64_t)strlen((const char*)data)); /* JSON text has no NUL inside */
  CHECK(strstr((const char*)data, "\"predictors\"") != NULL);
  trustscore_buffer_free(data);
  trustscore_graph_free(graph);
  trustscore_model_free(m);
}

static void test_option_defaults(void) {
  char text[1024];
  int64_t length = -1, needed = -1;
  CHECK_OK(trustscore_option_defaults("evaluate", NULL, 0, &needed));
  CHECK(needed > 0 && needed < (int64_t)sizeof text);
  CHECK_OK(trustscore_option_defaults("evaluate", text, sizeof text, &length));
  CHECK(length == needed && (int64_t)strlen(text) == length);
  CHECK(strstr(text, "\"folds\": 1") != NULL && strstr(text, "\"seed\": 1") != NULL);
  CHECK(strstr(text, "\"attack_targets\": 5") && strstr(text, "\"attack_signals\": 50"));
  CHECK(strstr(text, "\"l2\": 1") != NULL && strstr(text, "\"predictions\": false") != NULL);
  CHECK_OK(trustscore_option_defaults("edge_prediction", text, sizeof text, &length));
  CHECK(strstr(text, "\"tolerance\": 1e-06") != NULL && strstr(text, "\"folds\": 10") != NULL);
  CHECK(strstr(text, "\"reciprocal_fallback\": \"zero\"") != NULL);
  CHECK(strstr(text, "\"warm_start\": true") != NULL);
  CHECK_FAIL2(trustscore_option_defaults("score", text, sizeof text, &length),
              TRUSTSCORE_E_INVALID_ARGUMENT, "evaluate", "score");
  CHECK_FAIL(trustscore_option_defaults(NULL, text, sizeof text, &length),
             TRUSTSCORE_E_INVALID_ARGUMENT, "call");
  CHECK_FAIL2(trustscore_option_defaults("evaluate", text, 4, &length),
              TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf holds 4 bytes", "are needed");
  CHECK(length == needed);
}

static const abi_test tests[] = {
    ABI_TEST(test_score_options_init_version),
    ABI_TEST(test_graph_options_init),
    ABI_TEST(test_graph_struct_forms_match_positional),
    ABI_TEST(test_graph_struct_forms_reject_bad_options),
    ABI_TEST(test_graph_from_csv_with_options),
    ABI_TEST(test_model_find_factor),
    ABI_TEST(test_library_buffers_are_nul_terminated),
    ABI_TEST(test_option_defaults),
};
const abi_suite abi_suite_conventions = ABI_SUITE("conventions", tests);
