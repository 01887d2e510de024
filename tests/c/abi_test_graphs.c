/* Trust graphs: EigenTrust (from a graph and straight from edge arrays),
   fairness and goodness, graphs from CSV, node ids, the credibility of sources
   and leave-one-out edge prediction. */
#include "abi_test.h"

#define PATH_SIZE 512

/* 0 rates 1 (+10 of 10); 1 rates nobody. */
static const int64_t s1[1] = {0}, t1[1] = {1};
static const double r1[1] = {10};
/* Nodes 0, 1 rate 2 with +1, node 3 with -1: g(2) = 1/3, f = 2/3, 2/3, 1, 1/3. */
static const int64_t s2[3] = {0, 1, 3}, t2[3] = {2, 2, 2};
static const double r2[3] = {1, 1, -1};
/* A node out of range of either graph; a seed for node 0. */
static const int64_t bad_t[1] = {5}, seed[1] = {0};

/* The graph of s1, t1, r1. */
static trustscore_graph* one_edge_graph(void) {
  trustscore_graph* g = NULL;
  CHECK_OK(trustscore_graph_create(2, s1, t1, r1, 1, -10, 10, TRUSTSCORE_DUPLICATES_MEAN,
                                   TRUSTSCORE_SELF_LOOPS_DROP, &g));
  return g;
}

/* The graph of s2, t2, r2. */
static trustscore_graph* three_raters_graph(void) {
  trustscore_graph* g2 = NULL;
  CHECK_OK(trustscore_graph_create(4, s2, t2, r2, 3, -1, 1, TRUSTSCORE_DUPLICATES_ERROR,
                                   TRUSTSCORE_SELF_LOOPS_ERROR, &g2));
  return g2;
}

static void test_eigentrust(void) {
  trustscore_graph* g = one_edge_graph();
  double trust[4], residual = -1;
  int64_t it = -1, nodes = -1, edges = -1;
  CHECK_OK(trustscore_graph_counts(g, &nodes, &edges));
  CHECK(nodes == 2 && edges == 1);
  CHECK_OK(trustscore_eigentrust(g, 0.15, NULL, 0, 1e-14, 1000, trust, 4, &it, &residual));
  CHECK_NEAR(trust[0], 0.5 / 1.425, 1e-12);
  CHECK_NEAR(trust[1], 1 - 0.5 / 1.425, 1e-12);
  CHECK(it > 1 && residual < 1e-14);
  CHECK_OK(trustscore_eigentrust(g, 0.15, seed, 1, 1e-12, 1000, trust, 2, NULL, NULL));
  CHECK(trust[0] > trust[1]);
  trustscore_graph_free(g);
}

/* From the edge arrays without a handle: the same numbers, bit for bit. */
static void test_eigentrust_from_edges(void) {
  trustscore_graph* g = one_edge_graph();
  double direct[2] = {-1, -1}, via[2], residual = -1;
  int64_t it = -1;
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
  CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8, 1000,
                                         direct, 1, NULL, NULL),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "trust");
  CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 1, 1e-8, 1000,
                                         direct, 2, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "seeds");
  CHECK_FAIL(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 9, 0, 0.15, NULL, 0, 1e-8, 1000,
                                         direct, 2, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "duplicates");
  CHECK_FAIL(trustscore_eigentrust_edges(-1, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, NULL, 0, 1e-8,
                                         1000, direct, 2, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "node count is negative");
  CHECK_OK(trustscore_eigentrust_edges(2, s1, t1, r1, 1, -10, 10, 0, 0, 0.15, seed, 1, 1e-12, 1000,
                                       direct, 2, NULL, NULL));
  CHECK(direct[0] > direct[1]);
  trustscore_graph_free(g);
}

static void test_fairness_goodness(void) {
  trustscore_graph* g2 = three_raters_graph();
  double fair[4], good[4];
  int64_t it = -1;
  CHECK_OK(trustscore_fairness_goodness(g2, 1e-12, 1000, fair, good, 4, &it));
  CHECK_NEAR(good[2], 1.0 / 3, 1e-9);
  CHECK_NEAR(fair[0], 2.0 / 3, 1e-9);
  CHECK_NEAR(fair[3], 1.0 / 3, 1e-9);
  trustscore_graph_free(g2);
}

/* A graph of n nodes big enough to split over threads: node i rates
   i + 1, 2i + 7 and 3i + 11 (mod n), ratings all 1 (EigenTrust's
   Gauss-Seidel path) or, `signed`, +1 and -1 by turns. */
#define SPLIT_NODES 5000
static trustscore_graph* split_graph(int signed_ratings) {
  static int64_t s[3 * SPLIT_NODES], t[3 * SPLIT_NODES];
  static double r[3 * SPLIT_NODES];
  trustscore_graph* g = NULL;
  int64_t i;
  for (i = 0; i < 3 * SPLIT_NODES; ++i) {
    const int64_t from = i / 3, k = i % 3 + 1;
    s[i] = from;
    t[i] = (k * from + (k == 1 ? 1 : 4 * k - 1)) % SPLIT_NODES;
    r[i] = signed_ratings && i % 2 ? -1 : 1;
  }
  CHECK_OK(trustscore_graph_create(SPLIT_NODES, s, t, r, 3 * SPLIT_NODES, -1, 1,
                                   TRUSTSCORE_DUPLICATES_MEAN, TRUSTSCORE_SELF_LOOPS_DROP, &g));
  return g;
}

static double l1_distance(const double* a, const double* b, int64_t n) {
  double d = 0;
  int64_t i;
  for (i = 0; i < n; ++i) d += fabs(a[i] - b[i]);
  return d;
}

/* Version 2 of the EigenTrust options: threads, 1 by default; a version 1
   caller's struct is neither written nor read past its end. */
static void test_eigentrust_threads_option(void) {
  static double one[SPLIT_NODES], two[SPLIT_NODES], v1[SPLIT_NODES];
  trustscore_graph* g = split_graph(0);
  trustscore_eigentrust_options e;
  int64_t it = -1;
  memset(&e, 0x5a, sizeof e);
  CHECK_OK(trustscore_eigentrust_options_init(&e, 1));
  CHECK(e.version == 1 && e.max_iterations == 1000);
  CHECK(e.threads == 0x5a5a5a5a && e.reserved2 == 0x5a5a5a5a); /* past version 1's end */
  e.tolerance = 1e-11;
  CHECK_OK(trustscore_graph_eigentrust(g, &e, v1, SPLIT_NODES, &it, NULL));
  CHECK_OK(trustscore_eigentrust_options_init(&e, TRUSTSCORE_EIGENTRUST_OPTIONS_VERSION));
  CHECK(e.version == 2 && e.threads == 1 && e.reserved2 == 0);
  e.tolerance = 1e-11;
  e.threads = 1;
  CHECK_OK(trustscore_graph_eigentrust(g, &e, one, SPLIT_NODES, NULL, NULL));
  e.threads = 2;
  CHECK_OK(trustscore_graph_eigentrust(g, &e, two, SPLIT_NODES, NULL, NULL));
  CHECK(l1_distance(one, two, SPLIT_NODES) > 0);     /* the sweeps split */
  CHECK(l1_distance(one, two, SPLIT_NODES) < 1e-10); /* to the tolerance */
  CHECK(l1_distance(one, v1, SPLIT_NODES) == 0);     /* version 1: the default, one thread */
  e.threads = -1;
  CHECK_FAIL(trustscore_graph_eigentrust(g, &e, one, SPLIT_NODES, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
  e.threads = 0;
  e.reserved2 = 1;
  CHECK_FAIL(trustscore_graph_eigentrust(g, &e, one, SPLIT_NODES, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "reserved2");
  trustscore_graph_free(g);
}

/* trustscore_graph_fairness_goodness: its options struct, threads. */
static void test_fairness_goodness_options(void) {
  static double f1[SPLIT_NODES], g1[SPLIT_NODES], f2[SPLIT_NODES], g2[SPLIT_NODES];
  static double f0[SPLIT_NODES], g0[SPLIT_NODES];
  trustscore_graph* g = split_graph(1);
  trustscore_graph* small = three_raters_graph();
  trustscore_fairness_goodness_options o;
  double fair[4], good[4], residual = -1;
  int64_t it = -1, it_positional = -2;
  memset(&o, 0x5a, sizeof o);
  CHECK_OK(
      trustscore_fairness_goodness_options_init(&o, TRUSTSCORE_FAIRNESS_GOODNESS_OPTIONS_VERSION));
  CHECK(o.version == 1 && o.threads == 1 && o.tolerance == 1e-9);
  CHECK(o.max_iterations == 1000 && o.unrated_goodness == 0);
  CHECK_FAIL(trustscore_fairness_goodness_options_init(&o, 2), TRUSTSCORE_E_VERSION_MISMATCH,
             "version is 2");
  /* One thread: the positional call's numbers, bit for bit. */
  o.threads = 1;
  o.tolerance = 1e-12;
  CHECK_OK(trustscore_graph_fairness_goodness(g, &o, f1, g1, SPLIT_NODES, &it, &residual));
  CHECK(it > 1 && residual < 1e-12);
  CHECK_OK(trustscore_fairness_goodness(g, 1e-12, 1000, f0, g0, SPLIT_NODES, &it_positional));
  CHECK(it == it_positional);
  CHECK(l1_distance(f0, f1, SPLIT_NODES) == 0 && l1_distance(g0, g1, SPLIT_NODES) == 0);
  o.threads = 2;
  CHECK_OK(trustscore_graph_fairness_goodness(g, &o, f2, g2, SPLIT_NODES, NULL, NULL));
  CHECK(l1_distance(f1, f2, SPLIT_NODES) < 1e-11 && l1_distance(g1, g2, SPLIT_NODES) < 1e-11);
  /* NULL options: the defaults; unrated_goodness reaches the solve. */
  CHECK_OK(trustscore_graph_fairness_goodness(small, NULL, fair, good, 4, NULL, NULL));
  CHECK_NEAR(good[2], 1.0 / 3, 1e-8);
  CHECK(good[0] == 0);
  o.unrated_goodness = 0.5;
  CHECK_OK(trustscore_graph_fairness_goodness(small, &o, fair, good, 4, NULL, NULL));
  CHECK(good[0] == 0.5);
  o.unrated_goodness = 2;
  CHECK_FAIL(trustscore_graph_fairness_goodness(small, &o, fair, good, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "unrated_goodness");
  o.unrated_goodness = 0;
  o.threads = -3;
  CHECK_FAIL(trustscore_graph_fairness_goodness(small, &o, fair, good, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "threads");
  o.threads = 0;
  o.version = 9;
  CHECK_FAIL(trustscore_graph_fairness_goodness(small, &o, fair, good, 4, NULL, NULL),
             TRUSTSCORE_E_VERSION_MISMATCH, "options->version is 9");
  o.version = 1;
  CHECK_FAIL(trustscore_graph_fairness_goodness(small, &o, fair, good, 3, NULL, NULL),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "fairness");
  CHECK_FAIL(trustscore_graph_fairness_goodness(NULL, &o, fair, good, 4, NULL, NULL),
             TRUSTSCORE_E_INVALID_ARGUMENT, "graph");
  trustscore_graph_free(g);
  trustscore_graph_free(small);
}

/* Errors: a status, a message naming the argument, *out NULL. */
static void test_graph_create_rejects_bad_arguments(void) {
  trustscore_graph* g = NULL;
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
}

/* Errors of the algorithms; the graph is usable after. */
static void test_graph_algorithms_reject_bad_arguments(void) {
  trustscore_graph* g2 = three_raters_graph();
  double trust[4], fair[4], good[4];
  int64_t nodes = -1;
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

/* ---- Graphs from CSV, node ids, and the credibility of sources. ---- */

/* x is rated +10 by a and b and -10 by c: g(x) = 1/3, f(a) = f(b) = 2/3, f(c) = 1/3.
   a,x appears twice: with times, DUPLICATES_LAST keeps the latest (+10). */
static void write_ratings_csv(char* path) {
  temp_path(path, PATH_SIZE, "ratings.csv");
  CHECK(write_file(path,
                   "source,target,rating,time\na,x,10,1700000000\nb,x,10,1700000001\n"
                   "c,x,-10,2024-01-01T00:00:00Z\na,x,-10,1600000000\n"));
}

static void test_graph_from_csv(void) {
  char path[PATH_SIZE];
  trustscore_graph* g = NULL;
  double c[4], unknown = -1, fair[4], good[4];
  int64_t nodes = -1, edges = -1, index = -2, length = -1;
  char id[8];
  write_ratings_csv(path);
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
  trustscore_graph_free(g);
  remove(path);
}

/* Errors name the argument; *out is reset to NULL. */
static void test_graph_csv_rejects_bad_input(void) {
  char path[PATH_SIZE], bad[PATH_SIZE];
  trustscore_graph* g = NULL;
  double unknown = -1;
  write_ratings_csv(path);
  temp_path(bad, sizeof bad, "ratings_bad.csv");
  CHECK(write_file(bad, "a,x,10\nb,x,ten\n"));
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
  remove(path);
  remove(bad);
}

/* 0 -> 1 -> 2, both +1. */
static trustscore_graph* chain_graph(void) {
  const int64_t s[2] = {0, 1}, t[2] = {1, 2};
  const double r[2] = {1, 1};
  trustscore_graph* arrays = NULL;
  CHECK_OK(trustscore_graph_create(3, s, t, r, 2, -1, 1, 0, 0, &arrays));
  return arrays;
}

/* A graph from arrays names its nodes by index. */
static void test_graph_node_ids_from_arrays(void) {
  trustscore_graph* arrays = chain_graph();
  int64_t index = -2, length = -1;
  char id[8];
  CHECK_OK(trustscore_graph_node_id(arrays, 2, id, sizeof id, &length));
  CHECK(strcmp(id, "2") == 0);
  CHECK_OK(trustscore_graph_node_index(arrays, "1", &index));
  CHECK(index == 1);
  CHECK_OK(trustscore_graph_node_index(arrays, "01", &index));
  CHECK(index == -1);
  CHECK_OK(trustscore_graph_node_index(arrays, "3", &index));
  CHECK(index == -1);
  trustscore_graph_free(arrays);
}

/* Errors name the argument; the graph stays usable. */
static void test_graph_lookups_reject_bad_arguments(void) {
  trustscore_graph* arrays = chain_graph();
  double c[4];
  int64_t index = -2, length = -1;
  char id[8];
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
}

/* ---- Leave-one-out edge prediction: the report as JSON, every error path. ---- */

/* 0 -> 1 (0.5), 1 -> 0 (-0.2), 0 -> 2 (0.8); in CSR order 0->1, 0->2, 1->0. */
static trustscore_graph* prediction_graph(void) {
  const int64_t s[3] = {0, 1, 0}, t[3] = {1, 0, 2};
  const double r[3] = {0.5, -0.2, 0.8};
  trustscore_graph* g = NULL;
  CHECK_OK(trustscore_graph_create(3, s, t, r, 3, -1, 1, 0, 0, &g));
  return g;
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

static void test_edge_prediction_report(void) {
  trustscore_graph* g = prediction_graph();
  void* report = NULL;
  int64_t length = -1;
  char text[8192] = "";
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
  trustscore_graph_free(g);
}

static void test_edge_prediction_rejects_bad_options(void) {
  trustscore_graph* g = prediction_graph();
  void* report = NULL;
  int64_t length = -1;
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

static const abi_test tests[] = {
    ABI_TEST(test_eigentrust),
    ABI_TEST(test_eigentrust_from_edges),
    ABI_TEST(test_fairness_goodness),
    ABI_TEST(test_eigentrust_threads_option),
    ABI_TEST(test_fairness_goodness_options),
    ABI_TEST(test_graph_create_rejects_bad_arguments),
    ABI_TEST(test_graph_algorithms_reject_bad_arguments),
    ABI_TEST(test_graph_from_csv),
    ABI_TEST(test_graph_csv_rejects_bad_input),
    ABI_TEST(test_graph_node_ids_from_arrays),
    ABI_TEST(test_graph_lookups_reject_bad_arguments),
    ABI_TEST(test_edge_prediction_report),
    ABI_TEST(test_edge_prediction_rejects_bad_options),
};
const abi_suite abi_suite_graphs = ABI_SUITE("graphs", tests);
