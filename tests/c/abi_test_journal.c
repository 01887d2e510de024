/* Journaled stores (trustscore/journal.h): opening, every writer journaled
   (a reopened store scores as the one closed), checkpoints, a torn tail cut
   off and reported, one handle per directory, closing, and each refusal's
   status and message. */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi_test.h"

/* ---- Directories ---------------------------------------------------------------- */

/* Removes a store's directory (its files, then itself); absent is fine. */
static void remove_store_dir(const char* dir) {
  DIR* d = opendir(dir);
  struct dirent* entry;
  char path[600];
  if (!d) return;
  while ((entry = readdir(d)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    snprintf(path, sizeof path, "%s/%s", dir, entry->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

/* A fresh directory path for a test (removed first if a run left it). */
static void store_dir(char* dir, size_t size, const char* name) {
  temp_path(dir, size, name);
  remove_store_dir(dir);
}

/* How many files of dir start with prefix; the last such name (in
   directory order, the newest by number) into last (may be NULL). */
static int files_with_prefix(const char* dir, const char* prefix, char* last, size_t size) {
  DIR* d = opendir(dir);
  struct dirent* entry;
  int n = 0;
  if (!d) return -1;
  while ((entry = readdir(d)) != NULL)
    if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0) {
      ++n;
      if (last && (n == 1 || strcmp(entry->d_name, last + strlen(dir) + 1) > 0))
        snprintf(last, size, "%s/%s", dir, entry->d_name);
    }
  closedir(d);
  return n;
}

static int64_t file_size(const char* path) {
  struct stat st;
  return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

/* ---- Fixtures --------------------------------------------------------------------- */

static const char* const ab_ids[3] = {"alpha", "alpha", "beta"};
static const int32_t ab_factor[3] = {AUTHENTICITY, DATA_SECURITY, SERVICE_DETAILS};
static const double ab_value[3] = {1.0, 0.25, 0.5};
static const double ab_weight[3] = {3.0, 2.0, 2.0};
static const char* const ab_sources[3] = {"site-a", NULL, ""};

/* A journaled store in dir (new: of the default model) holding the signals of
   alpha_beta_store (abi_test.h), added with their sources. */
static trustscore_store* open_alpha_beta(const char* dir, const trustscore_model* m) {
  trustscore_store* st = NULL;
  CHECK_OK(trustscore_store_open(dir, m, NULL, &st));
  if (st)
    CHECK_OK(trustscore_store_add_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, ab_weight,
                                            NULL, NULL, ab_sources, T0,
                                            TRUSTSCORE_DURABILITY_DEFAULT));
  return st;
}

static trustscore_recovery_report recovery_of(const trustscore_store* st) {
  trustscore_recovery_report r;
  CHECK_OK(trustscore_recovery_report_init(&r, TRUSTSCORE_RECOVERY_REPORT_VERSION));
  CHECK_OK(trustscore_store_recovery(st, &r));
  return r;
}

/* ---- Opening, writing, reopening ----------------------------------------------- */

static void test_reopened_store_scores_as_closed(void) {
  char dir[512];
  trustscore_model* m = default_model();
  trustscore_store* st;
  trustscore_recovery_report r;
  store_dir(dir, sizeof dir, "journal_reopen");
  st = open_alpha_beta(dir, m);
  r = recovery_of(st);
  CHECK(r.version == 1 && r.journals == 0 && r.records == 0 && r.cut == 0);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  CHECK_OK(trustscore_store_close(st));
  trustscore_store_free(st);

  st = NULL;
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &st)); /* an existing store: no model */
  CHECK(entity_count(st) == 2);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  CHECK_NEAR(score_of(m, st, 1), 0.492, TOL);
  r = recovery_of(st);
  CHECK(r.journals == 1 && r.records == 1 && r.signals == 3 && r.cut == 0);
  CHECK(r.cut_offset == 0 && r.cut_bytes == 0 && r.cut_records == 0);
  trustscore_store_free(st); /* free closes */
  st = NULL;
  CHECK_OK(trustscore_store_open(dir, m, NULL, &st)); /* the model's factors: the same */
  CHECK(entity_count(st) == 2);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_store_dir(dir);
}

/* The plain writers (add by index, retract, remove, CSV) are journaled too. */
static void test_plain_writers_are_journaled(void) {
  char dir[512], csv[512];
  const int64_t beta[1] = {1};
  const int32_t koc[1] = {KOC_WORD_OF_MOUTH};
  const double one[1] = {1.0};
  int64_t added = -1, skipped = -1, removed = -1;
  trustscore_model* m = default_model();
  trustscore_store* st;
  store_dir(dir, sizeof dir, "journal_writers");
  temp_path(csv, sizeof csv, "journal_writers.csv");
  CHECK(write_file(csv,
                   "entity,factor,value,weight,time,source\n"
                   "gamma,experts,1,2,1700000000,site-b\n"
                   "delta,values,0,1,1700000000,\n"));
  st = open_alpha_beta(dir, m);
  /* beta: two koc_word_of_mouth signals, one retracted */
  CHECK_OK(trustscore_store_add_signals(st, 1, NULL, beta, koc, one, one, NULL, NULL, T0));
  CHECK_OK(trustscore_store_add_signals(st, 1, NULL, beta, koc, one, one, NULL, NULL, T0));
  CHECK_OK(trustscore_store_retract_signals(st, 1, NULL, beta, koc, one, one, NULL, NULL, T0));
  CHECK_OK(trustscore_store_add_csv(st, csv, 0, T0, &added, &skipped));
  CHECK(added == 2 && skipped == 0);
  CHECK_OK(trustscore_store_remove_entity(st, NULL, 3, &removed)); /* delta, by index */
  CHECK(removed == 1);
  CHECK_OK(trustscore_store_remove_entity(st, "gamma", 0, &removed));
  CHECK(removed == 1);
  trustscore_store_free(st);

  st = NULL;
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &st));
  CHECK(entity_count(st) == 4);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  /* koc value 1 strength 1: r = 1, p = 2 / 3; beta 0.492 + 2 / 12.5 * (2 / 3 - 0.5) */
  CHECK_NEAR(score_of(m, st, 1), 0.492 + 0.16 / 6, 1e-12);
  CHECK_NEAR(score_of(m, st, 2), score_of(m, st, 3), TOL); /* both removed: the baseline */
  CHECK(recovery_of(st).records == 7);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(csv);
  remove_store_dir(dir);
}

/* A checkpoint starts a new journal; the store saved whole and a copy saved
   by trustscore_store_save score as the journaled one. */
static void test_checkpoint_and_saved_copy(void) {
  char dir[512], copy[512], path[600];
  int64_t len = -1;
  trustscore_model* m = default_model();
  trustscore_store *st, *loaded = NULL;
  trustscore_recovery_report r;
  store_dir(dir, sizeof dir, "journal_checkpoint");
  temp_path(copy, sizeof copy, "journal_copy.tss");
  st = open_alpha_beta(dir, m);
  CHECK_OK(trustscore_store_sync(st));
  CHECK_OK(trustscore_store_checkpoint(st));
  CHECK(files_with_prefix(dir, "checkpoint-", NULL, 0) == 1);
  CHECK(files_with_prefix(dir, "journal-", NULL, 0) == 1); /* the covered one went */
  CHECK_OK(trustscore_store_save(st, copy, TRUSTSCORE_ARCHIVE_BINARY));
  trustscore_store_free(st);
  CHECK_OK(trustscore_store_load(copy, &loaded));
  CHECK_NEAR(score_of(m, loaded, 0), 0.5116363636363636, TOL);
  trustscore_store_free(loaded);

  st = NULL;
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &st));
  r = recovery_of(st);
  CHECK(r.journals == 1 && r.records == 0 && r.signals == 0);
  CHECK_NEAR(score_of(m, st, 1), 0.492, TOL);
  CHECK_OK(
      trustscore_store_recovery_file(st, TRUSTSCORE_RECOVERY_CHECKPOINT, path, sizeof path, &len));
  CHECK(len > 0 && strstr(path, dir) == path && strstr(path, "checkpoint-") != NULL);
  CHECK_OK(
      trustscore_store_recovery_file(st, TRUSTSCORE_RECOVERY_CUT_FILE, path, sizeof path, &len));
  CHECK(len == 0 && path[0] == '\0');
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove(copy);
  remove_store_dir(dir);
}

/* keep_history: checkpoints keep the journals they cover. */
static void test_keep_history_keeps_journals(void) {
  char dir[512];
  trustscore_model* m = default_model();
  trustscore_store* st = NULL;
  trustscore_journal_options o;
  store_dir(dir, sizeof dir, "journal_history");
  CHECK_OK(trustscore_journal_options_init(&o, TRUSTSCORE_JOURNAL_OPTIONS_VERSION));
  CHECK(o.version == 1 && o.durability == TRUSTSCORE_DURABILITY_SYNC);
  CHECK(o.interval_ms == 100 && o.keep_history == 0 && o.reserved == 0);
  o.keep_history = 1;
  o.durability = TRUSTSCORE_DURABILITY_INTERVAL;
  o.interval_ms = 5;
  CHECK_OK(trustscore_store_open(dir, m, &o, &st));
  CHECK_OK(trustscore_store_add_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, ab_weight, NULL,
                                          NULL, NULL, T0, TRUSTSCORE_DURABILITY_NONE));
  CHECK_OK(trustscore_store_checkpoint(st));
  CHECK(files_with_prefix(dir, "journal-", NULL, 0) == 2);
  CHECK(files_with_prefix(dir, "checkpoint-", NULL, 0) == 1);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_store_dir(dir);
}

/* ---- Recovery ------------------------------------------------------------------- */

/* A crash mid-write leaves a torn record: it is cut off and reported. */
static void test_torn_tail_is_cut_and_reported(void) {
  char dir[512], journal[600], cut[600];
  const char* const gamma[1] = {"gamma"};
  const int32_t experts[1] = {EXPERTS};
  const double one[1] = {1.0};
  int64_t size, len = -1;
  trustscore_model* m = default_model();
  trustscore_store* st;
  trustscore_recovery_report r;
  store_dir(dir, sizeof dir, "journal_torn");
  st = open_alpha_beta(dir, m);
  CHECK_OK(trustscore_store_retract_journaled(st, 1, ab_ids + 2, NULL, ab_factor + 2, ab_value + 2,
                                              ab_weight + 2, NULL, NULL, T0,
                                              TRUSTSCORE_DURABILITY_SYNC));
  CHECK_OK(trustscore_store_add_journaled(st, 1, gamma, NULL, experts, one, NULL, NULL, NULL, NULL,
                                          T0, TRUSTSCORE_DURABILITY_SYNC));
  trustscore_store_free(st);
  CHECK(files_with_prefix(dir, "journal-", journal, sizeof journal) == 1);
  size = file_size(journal);
  CHECK(size > 8 && truncate(journal, (off_t)(size - 5)) == 0);

  st = NULL;
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &st));
  r = recovery_of(st);
  CHECK(r.cut == 1 && r.records == 2 && r.signals == 4 && r.cut_records == 1);
  CHECK(r.cut_bytes > 0 && r.cut_offset + r.cut_bytes == size - 5);
  CHECK_OK(trustscore_store_recovery_file(st, TRUSTSCORE_RECOVERY_CUT_FILE, cut, sizeof cut, &len));
  CHECK_STR(cut, journal);
  CHECK(entity_count(st) == 2);             /* gamma's add was cut; beta's retraction stands */
  CHECK_NEAR(score_of(m, st, 1), 0.5, TOL); /* beta without evidence: the baseline */
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_store_dir(dir);
}

/* One handle per directory: a second open fails until the first closes. */
static void test_second_open_fails_until_closed(void) {
  char dir[512];
  trustscore_model* m = default_model();
  trustscore_store *st, *again = (trustscore_store*)1;
  store_dir(dir, sizeof dir, "journal_twice");
  st = open_alpha_beta(dir, m);
  CHECK_FAIL2(trustscore_store_open(dir, NULL, NULL, &again), TRUSTSCORE_E_IO, dir,
              "open in another process or handle");
  CHECK(again == NULL);
  CHECK_OK(trustscore_store_close(st));
  CHECK_OK(trustscore_store_close(st)); /* twice: no error */
  /* Closed: readable, not writable. */
  CHECK(entity_count(st) == 2);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  CHECK_FAIL(
      trustscore_store_add_signals(st, 1, ab_ids, NULL, ab_factor, ab_value, NULL, NULL, NULL, T0),
      TRUSTSCORE_E_INVALID_ARGUMENT, "is closed");
  CHECK_FAIL(trustscore_store_checkpoint(st), TRUSTSCORE_E_INVALID_ARGUMENT, "is closed");
  CHECK_FAIL(trustscore_store_sync(st), TRUSTSCORE_E_INVALID_ARGUMENT, "is closed");
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &again));
  CHECK(entity_count(again) == 2);
  trustscore_store_free(again);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_store_dir(dir);
}

/* ---- Refusals ---------------------------------------------------------------------- */

static void test_open_refusals(void) {
  char dir[512], file[512];
  trustscore_model* m = default_model();
  trustscore_model* other = NULL;
  trustscore_store* st = (trustscore_store*)1;
  trustscore_journal_options o;
  store_dir(dir, sizeof dir, "journal_refusals");
  temp_path(file, sizeof file, "journal_refusals.txt");
  CHECK(write_file(file, "not a directory"));
  CHECK_FAIL(trustscore_store_open(dir, m, NULL, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "out");
  CHECK_FAIL(trustscore_store_open(NULL, m, NULL, &st), TRUSTSCORE_E_INVALID_ARGUMENT,
             "directory is NULL");
  CHECK(st == NULL);
  CHECK_FAIL(trustscore_store_open(dir, NULL, NULL, &st), TRUSTSCORE_E_IO, dir); /* no dir */
  CHECK(mkdir(dir, 0700) == 0);
  CHECK_FAIL2(trustscore_store_open(dir, NULL, NULL, &st), TRUSTSCORE_E_INVALID_ARGUMENT, dir,
              "holds no journaled store");
  CHECK_FAIL2(trustscore_store_open(file, m, NULL, &st), TRUSTSCORE_E_IO, file,
              "is not a directory");
  CHECK_FAIL(trustscore_journal_options_init(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "options");
  CHECK_FAIL2(trustscore_journal_options_init(&o, 2), TRUSTSCORE_E_VERSION_MISMATCH,
              "options->version is 2", "trustscore_journal_options_init");
  CHECK_OK(trustscore_journal_options_init(&o, TRUSTSCORE_JOURNAL_OPTIONS_VERSION));
  o.version = 0;
  CHECK_FAIL(trustscore_store_open(dir, m, &o, &st), TRUSTSCORE_E_VERSION_MISMATCH,
             "options->version is 0");
  o.version = 1, o.reserved = 1;
  CHECK_FAIL(trustscore_store_open(dir, m, &o, &st), TRUSTSCORE_E_INVALID_ARGUMENT,
             "options->reserved is not 0");
  o.reserved = 0, o.durability = TRUSTSCORE_DURABILITY_DEFAULT;
  CHECK_FAIL2(trustscore_store_open(dir, m, &o, &st), TRUSTSCORE_E_INVALID_ARGUMENT,
              "options->durability must be", "not 0");
  o.durability = 7;
  CHECK_FAIL(trustscore_store_open(dir, m, &o, &st), TRUSTSCORE_E_INVALID_ARGUMENT, "not 7");
  o.durability = TRUSTSCORE_DURABILITY_INTERVAL, o.interval_ms = 0;
  CHECK_FAIL(trustscore_store_open(dir, m, &o, &st), TRUSTSCORE_E_INVALID_ARGUMENT, "interval_ms");
  CHECK(st == NULL);
  /* A store of other factors than the model's. */
  CHECK_OK(trustscore_store_open(dir, m, NULL, &st));
  trustscore_store_free(st);
  CHECK_OK(from_json("{\"factors\": [{\"id\": \"speed\", \"weight\": 1}]}", &other));
  st = (trustscore_store*)1;
  CHECK_FAIL2(trustscore_store_open(dir, other, NULL, &st), TRUSTSCORE_E_INVALID_ARGUMENT, dir,
              "other factors");
  CHECK(st == NULL);
  trustscore_model_free(other);
  trustscore_model_free(m);
  remove(file);
  remove_store_dir(dir);
}

/* The journal's calls on a store without a journal, and NULL stores. */
static void test_calls_need_a_journaled_store(void) {
  trustscore_model* m = NULL;
  trustscore_store* st = NULL;
  trustscore_recovery_report r;
  char buf[16];
  int64_t len = -1;
  const char* const not_journaled = "store is not journaled";
  alpha_beta_store(&m, &st);
  CHECK_OK(trustscore_recovery_report_init(&r, TRUSTSCORE_RECOVERY_REPORT_VERSION));
  CHECK_FAIL(trustscore_store_checkpoint(st), TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_sync(st), TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_close(st), TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_recovery(st, &r), TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_recovery_file(st, 0, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_add_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, NULL, NULL,
                                            NULL, ab_sources, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK_FAIL(trustscore_store_retract_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, ab_weight,
                                                NULL, NULL, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, not_journaled);
  CHECK(entity_count(st) == 2);
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL); /* unchanged */
  CHECK_FAIL(trustscore_store_checkpoint(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK_FAIL(trustscore_store_sync(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK_FAIL(trustscore_store_close(NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK_FAIL(trustscore_store_recovery(NULL, &r), TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  CHECK_FAIL(trustscore_store_add_journaled(NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                            T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "store is NULL");
  trustscore_store_free(st);
  trustscore_model_free(m);
}

/* Bad arguments of the journaled calls leave the store and its journal as
   they were. */
static void test_journaled_call_refusals(void) {
  char dir[512], buf[4];
  const char* const null_id[1] = {NULL};
  int64_t len = -1;
  trustscore_model* m = default_model();
  trustscore_store* st;
  trustscore_recovery_report r;
  store_dir(dir, sizeof dir, "journal_call_refusals");
  st = open_alpha_beta(dir, m);
  CHECK_FAIL2(trustscore_store_add_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, NULL, NULL,
                                             NULL, NULL, T0, 4),
              TRUSTSCORE_E_INVALID_ARGUMENT, "durability must be TRUSTSCORE_DURABILITY_DEFAULT",
              "not 4");
  CHECK_FAIL(trustscore_store_retract_journaled(st, 3, ab_ids, NULL, ab_factor, ab_value, ab_weight,
                                                NULL, NULL, T0, -1),
             TRUSTSCORE_E_INVALID_ARGUMENT, "not -1");
  CHECK_FAIL(trustscore_store_add_journaled(st, -1, ab_ids, NULL, ab_factor, ab_value, NULL, NULL,
                                            NULL, NULL, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "count");
  CHECK_FAIL(trustscore_store_add_journaled(st, 1, null_id, NULL, ab_factor, ab_value, NULL, NULL,
                                            NULL, NULL, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "entity_ids[0] is NULL");
  CHECK_FAIL(trustscore_store_add_journaled(st, 1, ab_ids, NULL, ab_factor, ab_weight, NULL, NULL,
                                            NULL, NULL, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "signal 0"); /* value 3 outside [0, 1] */
  CHECK_FAIL(trustscore_store_retract_journaled(st, 1, ab_ids, NULL, ab_factor + 2, ab_value,
                                                ab_weight, NULL, NULL, T0, 0),
             TRUSTSCORE_E_INVALID_ARGUMENT, "signal 0"); /* alpha has no service_details */
  CHECK_FAIL(trustscore_recovery_report_init(NULL, 1), TRUSTSCORE_E_INVALID_ARGUMENT, "report");
  CHECK_FAIL(trustscore_store_recovery(st, NULL), TRUSTSCORE_E_INVALID_ARGUMENT, "report");
  r.version = 3;
  CHECK_FAIL2(trustscore_store_recovery(st, &r), TRUSTSCORE_E_VERSION_MISMATCH,
              "report->version is 3", "trustscore_recovery_report_init");
  CHECK_FAIL(trustscore_store_recovery_file(st, 2, buf, sizeof buf, &len),
             TRUSTSCORE_E_INVALID_ARGUMENT, "which must be");
  CHECK_FAIL(
      trustscore_store_recovery_file(st, TRUSTSCORE_RECOVERY_CHECKPOINT, buf, sizeof buf, &len),
      TRUSTSCORE_E_BUFFER_TOO_SMALL, NULL);
  CHECK(len > 4);
  trustscore_store_free(st);
  st = NULL;
  CHECK_OK(trustscore_store_open(dir, NULL, NULL, &st));
  CHECK(recovery_of(st).records == 1); /* only the fixture's add */
  CHECK_NEAR(score_of(m, st, 0), 0.5116363636363636, TOL);
  trustscore_store_free(st);
  trustscore_model_free(m);
  remove_store_dir(dir);
}

static const abi_test tests[] = {
    ABI_TEST(test_reopened_store_scores_as_closed),
    ABI_TEST(test_plain_writers_are_journaled),
    ABI_TEST(test_checkpoint_and_saved_copy),
    ABI_TEST(test_keep_history_keeps_journals),
    ABI_TEST(test_torn_tail_is_cut_and_reported),
    ABI_TEST(test_second_open_fails_until_closed),
    ABI_TEST(test_open_refusals),
    ABI_TEST(test_calls_need_a_journaled_store),
    ABI_TEST(test_journaled_call_refusals),
};

const abi_suite abi_suite_journal = ABI_SUITE("journal", tests);
