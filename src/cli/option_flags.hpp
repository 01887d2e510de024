// Command-line flags read through the library's option tables
// (src/options): the flags a command takes beside its own, their checks, and
// the defaults its usage text names.
#pragma once

#include "../options/option_table.hpp"
#include "args.hpp"

namespace trustscore::cli {

// Declares every flag of the table as taking a value.
template <class Options>
void declare_flags(const options::OptionTable<Options>& table, Args& args) {
  for (const auto& option : table)
    if (option.flag) args.declare(option.flag, Args::Kind::value);
}

// Sets the options whose flags were given; a bad value is a UsageError
// naming the flag.
template <class Options>
void apply_flags(const options::OptionTable<Options>& table, const Args& args, Options& options);

}  // namespace trustscore::cli
