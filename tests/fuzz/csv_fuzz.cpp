// libFuzzer target: any bytes given as a signals CSV must be read or refused
// with trustscore::Error, never crash or hang, and the streaming, threaded
// reader must agree with the plain one (tests/unit/csv_reference.hpp): the
// same signals, lines, counts and problems, or the same error. The first
// byte picks the options (threads, block size, skipping bad rows), so that
// cuts between blocks and parts fall everywhere. Built by the fuzz preset
// (clang); scripts/test runs it from the files of tests/data/csv.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../unit/csv_reference.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/model.hpp"

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void check_same(const trustscore::CsvSignals& got, const trustscore::CsvSignals& want) {
  if (got.ids != want.ids || got.factors != want.factors || got.lines != want.lines ||
      got.report.rows != want.report.rows || got.report.skipped != want.report.skipped ||
      got.report.after_cutoff != want.report.after_cutoff ||
      got.report.skipped_by_reason != want.report.skipped_by_reason ||
      got.report.problems != want.report.problems)
    std::abort();
  for (std::size_t i = 0; i < got.ids.size(); ++i)
    if (!same(got.values[i], want.values[i]) || !same(got.weights[i], want.weights[i]) ||
        !same(got.times[i], want.times[i]) || !same(got.credibilities[i], want.credibilities[i]))
      std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const trustscore::Model model;
  const std::uint8_t pick = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  trustscore::CsvOptions options;
  options.default_time = 1709251200;
  options.skip_bad_rows = pick & 1;
  options.threads = 1 + ((pick >> 1) & 1);
  options.block_bytes = (pick >> 2) == 63 ? std::size_t(1) << 20 : std::size_t(1 + (pick >> 2));
  options.source_credibility = {{"a", 0.5}};

  std::string want_error, got_error;
  trustscore::CsvSignals want, got;
  try {
    want = tstest::reference_read_csv_signals(model.factors(), text, "f.csv", options);
  } catch (const trustscore::Error& e) {
    want_error = e.what();
  }
  try {
    got = trustscore::read_csv_signals_text(model.factors(), text, "f.csv", options);
  } catch (const trustscore::Error& e) {
    got_error = e.what();
  }
  if (got_error != want_error) std::abort();
  if (got_error.empty()) check_same(got, want);
  return 0;
}
