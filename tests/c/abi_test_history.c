/* History of a journaled store (trustscore/history.h): an entity's history
   against a tiny history computed by hand, scores as of a past time,
   retraction by source, and each error path (a plain store among them).

   The model is kind_model("beta"): authenticity (0), values (2) and experts
   (6) never decay, negativity 1, a flat profile (each factor 1/9), a = 0.5,
   W = 2, so a factor with r and s scores p = (r + 1) / (r + s + 2) and the
   score is the mean of the nine p (0.5 without evidence). The tiny history
   (tiny_store):
     acme  authenticity value 1 weight 1 at T0,        source "site-a"
     acme  experts      value 0 weight 1 at T0 + DAY,  source "paid"
     beta  values       value 1 weight 1 at T0,        no source
   then retract_source("paid") and beta's evidence removed, both at the wall
   clock. One positive signal: p = 2/3, score (8 / 2 + 2/3) / 9 = 14/27, its
   contribution (2/3 - 1/2) / 9 = 1/54; with the negative one too: 1/2. */
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "abi_test.h"

#define EXPERTS_F 6
#define VALUES_F 2
#define ONE_SIGNAL (14.0 / 27.0)

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

/* A journaled store of kind_model("beta") in a fresh directory `name`. */
static void open_journaled(const char* name, int keep_history, char* dir, size_t size,
                           trustscore_model** m, trustscore_store** st) {
  trustscore_journal_options o;
  *m = NULL, *st = NULL;
  temp_path(dir, size, name);
  remove_dir(dir);
  CHECK_OK(kind_model("beta", "", m));
  CHECK_OK(trustscore_journal_options_init(&o, TRUSTSCORE_JOURNAL_OPTIONS_VERSION));
  o.durability = TRUSTSCORE_DURABILITY_NONE; /* no fsync: the tests read, not crash */
  o.keep_history = keep_history;
  if (*m) CHECK_OK(trustscore_store_open(dir, *m, &o, st));
}

static int add_one(trustscore_store* st, const char* id, int32_t factor, double value, double time,
                   const char* source) {
  const double weight = 1;
  return trustscore_store_add_journaled(st, 1, &id, NULL, &factor, &value, &weight, &time, NULL,
                                        &source, NAN, TRUSTSCORE_DURABILITY_DEFAULT);
}

/* The tiny history of the header; *before and *after bracket the wall-clock
   times of the retraction and the removal. */
static void tiny_store(char* dir, size_t size, trustscore_model** m, trustscore_store** st,
                       double* before, double* after) {
  int64_t retracted = -1, removed = -1;
  open_journaled("history_tiny", 1, dir, size, m, st);
  if (!*st) return;
  CHECK_OK(add_one(*st, "acme", AUTHENTICITY, 1, T0, "site-a"));
  CHECK_OK(add_one(*st, "acme", EXPERTS_F, 0, T0 + DAY, "paid"));
  CHECK_OK(add_one(*st, "beta", VALUES_F, 1, T0, NULL));
  *before = (double)time(NULL) - 1;
  CHECK_OK(trustscore_store_retract_source(*st, "paid", TRUSTSCORE_DURABILITY_DEFAULT, &retracted));
  CHECK(retracted == 1);
  CHECK_OK(trustscore_store_remove_entity(*st, "beta", 0, &removed));
  CHECK(removed == 1);
  *after = (double)time(NULL) + 1;
}

static void close_store(trustscore_model* m, trustscore_store* st, const char* dir) {
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_dir(dir);
}

/* Every column of a history, up to MAXR rows. */
#define MAXR 8
typedef struct {
  int64_t rows, factors;
  double time[MAXR], value[MAXR], weight[MAXR], signal_time[MAXR], credibility[MAXR];
  double score[MAXR], lower[MAXR], upper[MAXR], change[MAXR], con[MAXR * NF];
  int32_t event[MAXR], factor[MAXR];
  int64_t source_end[MAXR];
  char sources[256];
} columns;

static void point_columns(trustscore_history_outputs* o, columns* c) {
  CHECK_OK(trustscore_history_outputs_init(o, TRUSTSCORE_HISTORY_OUTPUTS_VERSION));
  o->capacity = MAXR;
  o->time = c->time, o->event = c->event, o->factor = c->factor, o->value = c->value;
  o->weight = c->weight, o->signal_time = c->signal_time, o->credibility = c->credibility;
  o->score = c->score, o->lower = c->lower, o->upper = c->upper, o->change = c->change;
  o->contributions = c->con, o->source_end = c->source_end;
}

/* The history of `entity` into *c; its status. */
static int read_history(const trustscore_model* m, const trustscore_store* st, const char* entity,
                        const trustscore_history_options* options, columns* c) {
  trustscore_history* h = NULL;
  trustscore_history_outputs o;
  int64_t length = -1;
  int rc = trustscore_entity_history(m, st, entity, options, &h);
  memset(c, 0, sizeof *c);
  if (rc != TRUSTSCORE_OK) return rc;
  CHECK_OK(trustscore_history_size(h, &c->rows, &c->factors));
  point_columns(&o, c);
  CHECK_OK(trustscore_history_read(h, &o));
  CHECK_OK(trustscore_history_sources(h, c->sources, sizeof c->sources, &length));
  CHECK(length == (c->rows ? c->source_end[c->rows - 1] : 0));
  trustscore_history_free(h);
  return rc;
}

/* Row r's source, copied out of the sources' text. */
static const char* source_of(const columns* c, int64_t r) {
  static char text[64];
  const int64_t start = r ? c->source_end[r - 1] : 0;
  const int64_t n = c->source_end[r] - start;
  memcpy(text, c->sources + start, (size_t)n);
  text[n] = '\0';
  return text;
}

/* Score and interval of one entity in a plain store of `count` signals as of
   as_of: what a history row must equal (up to rounding). */
static void plain_score(const trustscore_model* m, int64_t count, const char* const* ids,
                        const int32_t* factor, const double* value, const double* t, double as_of,
                        double* score, double* lower, double* upper) {
  trustscore_store* st = NULL;
  trustscore_score_options o;
  trustscore_score_outputs out;
  CHECK_OK(trustscore_store_create(m, &st));
  if (count)
    CHECK_OK(trustscore_store_add_signals(st, count, ids, NULL, factor, value, NULL, t, NULL, NAN));
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  o.as_of = as_of;
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 1, out.score = score, out.lower = lower, out.upper = upper;
  CHECK_OK(trustscore_score_entities(m, st, &o, 1, ids, NULL, NULL, NULL, &out));
  trustscore_store_free(st);
}

/* acme's rows: its two signals added, then the paid one retracted. */
static void test_history_by_hand(void) {
  trustscore_model* m;
  trustscore_store* st;
  char dir[512];
  double before = 0, after = 0, s, lo, hi;
  const char* const ids[] = {"acme", "acme"};
  const int32_t factor[] = {AUTHENTICITY, EXPERTS_F};
  const double value[] = {1, 0}, t[] = {T0, T0 + DAY};
  columns c;
  int64_t r, f;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(read_history(m, st, "acme", NULL, &c));
  CHECK(c.rows == 3 && c.factors == NF);
  CHECK(c.event[0] == TRUSTSCORE_HISTORY_ADDED && c.event[1] == TRUSTSCORE_HISTORY_ADDED);
  CHECK(c.event[2] == TRUSTSCORE_HISTORY_RETRACTED);
  CHECK(c.time[0] == T0 && c.time[1] == T0 + DAY);
  CHECK(c.time[2] >= before && c.time[2] <= after); /* when the retraction was recorded */
  CHECK(c.factor[0] == AUTHENTICITY && c.factor[1] == EXPERTS_F && c.factor[2] == EXPERTS_F);
  CHECK(c.value[0] == 1 && c.value[1] == 0 && c.value[2] == 0);
  CHECK(c.weight[0] == 1 && c.weight[1] == 1 && c.weight[2] == 1);
  CHECK(c.signal_time[0] == T0 && c.signal_time[1] == T0 + DAY && c.signal_time[2] == T0 + DAY);
  CHECK(c.credibility[0] == 1 && c.credibility[2] == 1);
  CHECK_STR(source_of(&c, 0), "site-a");
  CHECK_STR(source_of(&c, 1), "paid");
  CHECK_STR(source_of(&c, 2), "paid");
  CHECK_NEAR(c.score[0], ONE_SIGNAL, TOL);
  CHECK_NEAR(c.score[1], 0.5, TOL);
  CHECK_NEAR(c.score[2], ONE_SIGNAL, TOL);
  CHECK_NEAR(c.change[0], 1.0 / 54, TOL);
  CHECK_NEAR(c.change[1], -1.0 / 54, TOL);
  CHECK_NEAR(c.change[2], 1.0 / 54, TOL);
  for (r = 0; r < 3; ++r)
    for (f = 0; f < NF; ++f) {
      const double want = f == AUTHENTICITY ? 1.0 / 54 : f == EXPERTS_F && r == 1 ? -1.0 / 54 : 0;
      CHECK_NEAR(c.con[r * NF + f], want, TOL);
    }
  /* The intervals: a plain store of the signals live at each row's time. */
  plain_score(m, 1, ids, factor, value, t, T0, &s, &lo, &hi);
  CHECK_NEAR(c.lower[0], lo, 1e-12);
  CHECK_NEAR(c.upper[0], hi, 1e-12);
  plain_score(m, 2, ids, factor, value, t, T0 + DAY, &s, &lo, &hi);
  CHECK_NEAR(c.lower[1], lo, 1e-12);
  CHECK_NEAR(c.upper[1], hi, 1e-12);
  CHECK(c.lower[0] < c.score[0] && c.score[0] < c.upper[0]);
  CHECK_NEAR(c.lower[2], c.lower[0], 1e-12); /* no decay: back where it was */
  close_store(m, st, dir);
}

/* beta's rows: its signal added, then its evidence removed (no signal). */
static void test_history_of_a_removed_entity(void) {
  trustscore_model* m;
  trustscore_store* st;
  char dir[512];
  double before = 0, after = 0;
  columns c;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(read_history(m, st, "beta", NULL, &c));
  CHECK(c.rows == 2);
  CHECK(c.event[0] == TRUSTSCORE_HISTORY_ADDED && c.event[1] == TRUSTSCORE_HISTORY_REMOVED);
  CHECK(c.factor[0] == VALUES_F && c.factor[1] == -1);
  CHECK(c.time[1] >= before && c.time[1] <= after);
  CHECK(isnan(c.value[1]) && isnan(c.weight[1]) && isnan(c.signal_time[1]));
  CHECK_STR(source_of(&c, 0), "");
  CHECK_STR(source_of(&c, 1), "");
  CHECK_NEAR(c.score[0], ONE_SIGNAL, TOL);
  CHECK_NEAR(c.score[1], 0.5, TOL);
  CHECK_NEAR(c.change[1], -1.0 / 54, TOL);
  CHECK_STR(trustscore_history_event_name(TRUSTSCORE_HISTORY_REMOVED), "removed");
  CHECK_STR(trustscore_history_event_name(TRUSTSCORE_HISTORY_AT_TIME), "at_time");
  CHECK_STR(trustscore_history_event_name(99), "unknown");
  close_store(m, st, dir);
}

/* Rows at times asked for, in their order, not explained: before any signal
   (no evidence), between the two, after the second. */
static void test_history_at_times(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_history_options o;
  char dir[512];
  double before = 0, after = 0;
  const double times[] = {T0 + DAY / 2, T0 - DAY, T0 + 2 * DAY};
  const double want[] = {ONE_SIGNAL, 0.5, 0.5};
  columns c;
  int64_t r, f;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(trustscore_history_options_init(&o, TRUSTSCORE_HISTORY_OPTIONS_VERSION));
  CHECK(o.explain == 1 && o.confidence == 0.95 && o.times == NULL && o.time_count == 0);
  o.times = times, o.time_count = 3, o.explain = 0;
  CHECK_OK(read_history(m, st, "acme", &o, &c));
  CHECK(c.rows == 3);
  for (r = 0; r < 3; ++r) {
    CHECK(c.event[r] == TRUSTSCORE_HISTORY_AT_TIME && c.time[r] == times[r]);
    CHECK(c.factor[r] == -1 && isnan(c.value[r]) && c.change[r] == 0);
    CHECK_NEAR(c.score[r], want[r], TOL);
    for (f = 0; f < NF; ++f) CHECK(isnan(c.con[r * NF + f])); /* not explained */
  }
  CHECK(c.sources[0] == '\0' && c.source_end[2] == 0);
  close_store(m, st, dir);
}

/* Scores of chosen ids as of past times, and the same ids as of now. */
static void test_score_as_of(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_score_options o;
  trustscore_score_outputs out;
  char dir[512];
  const char* const ids[] = {"acme", "nobody", "acme", "beta"};
  double before = 0, after = 0, score[4], lower[4], upper[4], con[4 * NF];
  int64_t unknown = -1;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 4, out.score = score, out.lower = lower, out.upper = upper;
  out.contributions = con;
  o.as_of = T0 + DAY / 2;
  CHECK_OK(trustscore_score_as_of(m, st, &o, 4, ids, &unknown, &out));
  CHECK(unknown == 1 && out.as_of == T0 + DAY / 2);
  CHECK_NEAR(out.baseline, 0.5, TOL);
  CHECK_NEAR(score[0], ONE_SIGNAL, TOL);
  CHECK_NEAR(score[1], 0.5, TOL);
  CHECK(score[2] == score[0] && lower[2] == lower[0] && upper[2] == upper[0]);
  CHECK_NEAR(score[3], ONE_SIGNAL, TOL); /* beta's evidence was removed later */
  CHECK_NEAR(con[AUTHENTICITY], 1.0 / 54, TOL);
  CHECK_NEAR(con[NF + AUTHENTICITY], 0, TOL);
  o.as_of = T0 + 2 * DAY; /* both of acme's signals live; beta's too */
  CHECK_OK(trustscore_score_as_of(m, st, &o, 4, ids, NULL, &out));
  CHECK_NEAR(score[0], 0.5, TOL);
  CHECK_NEAR(con[EXPERTS_F], -1.0 / 54, TOL);
  o.as_of = after + DAY; /* after the retraction and the removal */
  CHECK_OK(trustscore_score_as_of(m, st, &o, 4, ids, NULL, &out));
  CHECK_NEAR(score[0], ONE_SIGNAL, TOL);
  CHECK_NEAR(score[3], 0.5, TOL);
  CHECK_OK(trustscore_score_as_of(m, st, &o, 0, NULL, NULL, &out)); /* no ids */
  close_store(m, st, dir);
}

/* Retraction by source: the store scores without the source's signals; a
   second call, or a source never seen, retracts nothing. */
static void test_retract_source(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_score_outputs out;
  char dir[512];
  const char* const acme = "acme";
  double before = 0, after = 0, score = -1;
  int64_t retracted = -1;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 1, out.score = &score;
  CHECK_OK(trustscore_score_entities(m, st, NULL, 1, &acme, NULL, NULL, NULL, &out));
  CHECK_NEAR(score, ONE_SIGNAL, TOL);
  CHECK_OK(trustscore_store_retract_source(st, "paid", TRUSTSCORE_DURABILITY_SYNC, &retracted));
  CHECK(retracted == 0);
  CHECK_OK(trustscore_store_retract_source(st, "never-seen", TRUSTSCORE_DURABILITY_DEFAULT, NULL));
  CHECK_OK(trustscore_store_retract_source(st, "site-a", TRUSTSCORE_DURABILITY_NONE, &retracted));
  CHECK(retracted == 1);
  CHECK_OK(trustscore_score_entities(m, st, NULL, 1, &acme, NULL, NULL, NULL, &out));
  CHECK_NEAR(score, 0.5, TOL);
  close_store(m, st, dir);
}

/* ---- Errors ---------------------------------------------------------------- */

/* A plain store has no journal: each call says so; the store still works. */
static void test_history_plain_store_refused(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_history* h = (trustscore_history*)&h; /* set to NULL on failure */
  trustscore_score_options o;
  trustscore_score_outputs out;
  const char* const ids[] = {"alpha"};
  int64_t retracted = -1;
  alpha_beta_store(&m, &st);
  CHECK_FAIL(trustscore_entity_history(m, st, "alpha", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store is not journaled");
  CHECK(h == NULL);
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  o.as_of = T0 - DAY;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store is not journaled");
  CHECK_FAIL(trustscore_store_retract_source(st, "paid", TRUSTSCORE_DURABILITY_DEFAULT, &retracted),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is not journaled");
  CHECK(retracted == -1);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* trustscore_entity_history: each bad argument, then a correct call. */
static void test_history_rejects_bad_arguments(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_model* other = NULL; /* a tenth factor: not the store's */
  trustscore_history* h = NULL;
  trustscore_history_options o;
  char dir[512];
  double before = 0, after = 0;
  int64_t rows = -1;
  CHECK_OK(from_json("{\"factors\": [{\"id\": \"speed\"}]}", &other));
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "out is NULL");
  CHECK_FAIL(trustscore_entity_history(NULL, st, "acme", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "model is NULL");
  CHECK_FAIL(trustscore_entity_history(m, NULL, "acme", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "store is NULL");
  CHECK_FAIL(trustscore_entity_history(m, st, NULL, NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "entity is NULL");
  CHECK_FAIL(trustscore_entity_history(m, st, "nobody", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "nobody");
  CHECK_FAIL(trustscore_entity_history(other, st, "acme", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "factors");
  CHECK_FAIL(trustscore_history_options_init(&o, 2), TRUSTSCORE_E_VERSION_MISMATCH, "reads 1 to 1");
  CHECK_FAIL(trustscore_history_options_init(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options is NULL");
  CHECK_OK(trustscore_history_options_init(&o, TRUSTSCORE_HISTORY_OPTIONS_VERSION));
  o.version = 0;
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", &o, &h), TRUSTSCORE_E_VERSION_MISMATCH,
             "trustscore_history_options_init");
  o.version = TRUSTSCORE_HISTORY_OPTIONS_VERSION;
  o.time_count = -1;
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", &o, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->time_count is negative");
  o.time_count = 2;
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", &o, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->times is NULL");
  o.time_count = 0;
  o.profile = "nope";
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", &o, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "nope");
  CHECK(h == NULL);
  o.profile = NULL;
  CHECK_OK(trustscore_entity_history(m, st, "acme", &o, &h));
  CHECK_OK(trustscore_history_size(h, &rows, NULL));
  CHECK(rows == 3);
  CHECK_FAIL(trustscore_history_size(NULL, &rows, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "history is NULL");
  trustscore_history_free(h);
  trustscore_history_free(NULL);
  trustscore_model_free(other);
  close_store(m, st, dir);
}

/* trustscore_history_read and _sources: outputs too small or malformed. */
static void test_history_read_rejects_bad_outputs(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_history* h = NULL;
  trustscore_history_outputs o;
  char dir[512], small[4];
  double before = 0, after = 0, score[3] = {-1, -1, -1};
  int64_t length = -1;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(trustscore_entity_history(m, st, "acme", NULL, &h));
  CHECK_OK(trustscore_history_outputs_init(&o, TRUSTSCORE_HISTORY_OUTPUTS_VERSION));
  CHECK_OK(trustscore_history_read(h, &o)); /* no arrays: nothing to write */
  o.score = score;
  o.capacity = 2;
  CHECK_FAIL(trustscore_history_read(h, &o), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "outputs->capacity holds 2 rows, 3 are needed");
  o.capacity = -1;
  CHECK_FAIL(trustscore_history_read(h, &o), TRUSTSCORE_E_INVALID_ARGUMENT,
             "outputs->capacity is negative");
  o.capacity = 3;
  o.reserved = 1;
  CHECK_FAIL(trustscore_history_read(h, &o), TRUSTSCORE_E_INVALID_ARGUMENT,
             "outputs->reserved is not 0");
  o.reserved = 0;
  o.version = 2;
  CHECK_FAIL(trustscore_history_read(h, &o), TRUSTSCORE_E_VERSION_MISMATCH,
             "trustscore_history_outputs_init");
  o.version = TRUSTSCORE_HISTORY_OUTPUTS_VERSION;
  CHECK_FAIL(trustscore_history_read(h, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "outputs is NULL");
  CHECK_FAIL(trustscore_history_read(NULL, &o), TRUSTSCORE_E_INVALID_ARGUMENT, "history is NULL");
  CHECK(score[0] == -1); /* nothing written by a refused call */
  CHECK_OK(trustscore_history_read(h, &o));
  CHECK_NEAR(score[0], ONE_SIGNAL, TOL);
  /* The sources' text, "site-apaidpaid": asked for, then too small. */
  CHECK_OK(trustscore_history_sources(h, NULL, 0, &length));
  CHECK(length == 14);
  CHECK_FAIL(trustscore_history_sources(h, small, sizeof small, &length),
             TRUSTSCORE_E_BUFFER_TOO_SMALL, "buf holds 4 bytes, 15 are needed");
  CHECK(length == 14);
  CHECK_FAIL(trustscore_history_sources(h, small, 4, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "length is NULL");
  trustscore_history_free(h);
  close_store(m, st, dir);
}

/* trustscore_score_as_of: each bad argument, then a correct call. */
static void test_score_as_of_rejects_bad_arguments(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_score_options o;
  trustscore_score_outputs out;
  char dir[512];
  const char* ids[2] = {"acme", NULL};
  double before = 0, after = 0, score[2] = {-1, -1};
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  out.capacity = 2, out.score = score;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->as_of must be a finite time");
  CHECK_FAIL(trustscore_score_as_of(m, st, NULL, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->as_of must be a finite time");
  o.as_of = INFINITY;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->as_of must be a finite time");
  o.as_of = T0;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 2, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "entity_ids[1] is NULL");
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, NULL, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "entity_ids is NULL");
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, -1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "count is negative");
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT,
             "outputs is NULL");
  CHECK_FAIL(trustscore_score_as_of(NULL, st, &o, 1, ids, NULL, &out),
             TRUSTSCORE_E_INVALID_ARGUMENT, "model is NULL");
  out.capacity = 0;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_BUFFER_TOO_SMALL,
             "outputs->capacity holds 0 entities, 1 are needed");
  out.capacity = 2;
  o.profile = "nope";
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "nope");
  o.profile = NULL;
  CHECK(score[0] == -1);
  CHECK_OK(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out));
  CHECK_NEAR(score[0], ONE_SIGNAL, TOL);
  close_store(m, st, dir);
}

/* trustscore_store_retract_source: each bad argument changes nothing. */
static void test_retract_source_rejects_bad_arguments(void) {
  trustscore_model* m;
  trustscore_store* st;
  char dir[512];
  double before = 0, after = 0;
  int64_t retracted = -1;
  tiny_store(dir, sizeof dir, &m, &st, &before, &after);
  if (!st) return;
  CHECK_FAIL(trustscore_store_retract_source(st, NULL, TRUSTSCORE_DURABILITY_DEFAULT, &retracted),
             TRUSTSCORE_E_INVALID_ARGUMENT, "source is NULL");
  CHECK_FAIL(trustscore_store_retract_source(st, "", 0, &retracted), TRUSTSCORE_E_INVALID_ARGUMENT,
             "the source is empty");
  CHECK_FAIL(trustscore_store_retract_source(st, "site-a", 7, &retracted),
             TRUSTSCORE_E_INVALID_ARGUMENT, "durability must be TRUSTSCORE_DURABILITY_");
  CHECK_FAIL(trustscore_store_retract_source(st, "site-a", -1, &retracted),
             TRUSTSCORE_E_INVALID_ARGUMENT, "not -1");
  CHECK_FAIL(trustscore_store_retract_source(NULL, "site-a", 0, &retracted),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK(retracted == -1);
  CHECK_NEAR(score_of(m, st, 0), ONE_SIGNAL, TOL); /* acme keeps site-a's signal */
  CHECK_OK(trustscore_store_retract_source(st, "site-a", 0, &retracted));
  CHECK(retracted == 1);
  CHECK_NEAR(score_of(m, st, 0), 0.5, TOL);
  CHECK_OK(trustscore_store_close(st));
  CHECK(trustscore_store_retract_source(st, "x", 0, &retracted) != TRUSTSCORE_OK);
  close_store(m, st, dir);
}

/* Without keep_history a checkpoint removes the journals it covers: history
   and past scores then fail saying why. */
static void test_history_needs_kept_journals(void) {
  trustscore_model* m;
  trustscore_store* st;
  trustscore_history* h = NULL;
  trustscore_score_options o;
  trustscore_score_outputs out;
  char dir[512];
  const char* const ids[] = {"acme"};
  open_journaled("history_unkept", 0, dir, sizeof dir, &m, &st);
  if (!st) return;
  CHECK_OK(add_one(st, "acme", AUTHENTICITY, 1, T0, "site-a"));
  CHECK_OK(trustscore_entity_history(m, st, "acme", NULL, &h)); /* nothing removed yet */
  trustscore_history_free(h);
  h = NULL;
  CHECK_OK(trustscore_store_checkpoint(st));
  CHECK_FAIL(trustscore_entity_history(m, st, "acme", NULL, &h), TRUSTSCORE_E_INVALID_ARGUMENT,
             "keep_history");
  CHECK(h == NULL);
  CHECK_OK(trustscore_score_options_init_version(&o, TRUSTSCORE_SCORE_OPTIONS_VERSION));
  CHECK_OK(trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION));
  o.as_of = T0;
  CHECK_FAIL(trustscore_score_as_of(m, st, &o, 1, ids, NULL, &out), TRUSTSCORE_E_INVALID_ARGUMENT,
             "keep_history");
  close_store(m, st, dir);
}

static const abi_test tests[] = {
    ABI_TEST(test_history_by_hand),
    ABI_TEST(test_history_of_a_removed_entity),
    ABI_TEST(test_history_at_times),
    ABI_TEST(test_score_as_of),
    ABI_TEST(test_retract_source),
    ABI_TEST(test_history_plain_store_refused),
    ABI_TEST(test_history_rejects_bad_arguments),
    ABI_TEST(test_history_read_rejects_bad_outputs),
    ABI_TEST(test_score_as_of_rejects_bad_arguments),
    ABI_TEST(test_retract_source_rejects_bad_arguments),
    ABI_TEST(test_history_needs_kept_journals),
};
const abi_suite abi_suite_history = ABI_SUITE("history", tests);
