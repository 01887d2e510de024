// Option values from command-line words: numbers, whole numbers in a range,
// times (unix seconds or ISO-8601), names as comma-separated lists.
#include "option_flags.hpp"

#include "../options/eval_options.hpp"
#include "../options/tune_options.hpp"
#include "trustscore/error.hpp"
#include "trustscore/time.hpp"

namespace trustscore::cli {

namespace {

class FlagValue final : public options::OptionValue {
 public:
  FlagValue(const Args& args, const std::string& flag) : args_(args), flag_(flag) {}

  double number() const override { return args_.number(flag_); }
  double time() const override { return parse_time(text()); }
  std::int64_t integer(std::int64_t min, std::int64_t max) const override {
    return args_.integer(flag_, min, max);
  }
  bool flag() const override {
    const std::string& t = text();
    if (t == "true" || t == "1") return true;
    if (t == "false" || t == "0") return false;
    throw UsageError(flag_ + " expects true or false, not '" + t + "'");
  }
  std::string text() const override { return args_.value(flag_); }
  std::vector<std::string> names() const override { return split_list(text()); }
  std::string json() const override { return options::json_of(text()); }

 private:
  const Args& args_;
  const std::string& flag_;
};

}  // namespace

template <class Options>
void apply_flags(const options::OptionTable<Options>& table, const Args& args, Options& options) {
  for (const auto& option : table) {
    if (!option.flag || !args.has(option.flag)) continue;
    const std::string flag = option.flag;
    try {
      option.set(options, FlagValue(args, flag));
    } catch (const Error& e) {
      throw UsageError(flag + ": " + e.what());
    }
  }
}

template void apply_flags(const options::OptionTable<EvalOptions>&, const Args&, EvalOptions&);
template void apply_flags(const options::OptionTable<options::EdgePredictionCall>&, const Args&,
                          options::EdgePredictionCall&);
template void apply_flags(const options::OptionTable<TuneOptions>&, const Args&, TuneOptions&);

}  // namespace trustscore::cli
