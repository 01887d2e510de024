// trustscore: the command-line tool. Exit codes: 0 ok, 1 bad input (message
// on stderr), 2 usage.
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "trustscore/error.hpp"
#include "trustscore/version.h"

namespace {

const char* const usage = R"(usage: trustscore COMMAND [options]

commands:
  score SIGNALS.csv   score and rank every entity of a signals file
  inspect FILE        what a saved model or evidence store file holds
  journal DIR         open a journaled store (score --journal DIR): its recovery, a checkpoint
  history ENTITY      an entity's score over time in a journaled store, signal by signal
  retract-source SRC  take back every signal a source gave to a journaled store
  graph ...           trust graphs: eigentrust, fairness-goodness, eval (leave-one-out), signals
  eval ...            benchmark scoring models against outcomes (metrics per model)
  tune ...            search the model configuration that best predicts outcomes (nested CV)

  trustscore COMMAND --help   options of a command
  trustscore --version        the version
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace trustscore::cli;
  const std::vector<std::string> words(argv + 1, argv + argc);
  std::string command = words.empty() ? "" : words[0];
  try {
    if (command == "--version") {
      std::cout << "trustscore " << TRUSTSCORE_VERSION_STRING << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage;
      return 0;
    }
    const std::vector<std::string> rest(words.begin() + (words.empty() ? 0 : 1), words.end());
    if (command == "score") return score_command(rest);
    if (command == "inspect") return inspect_command(rest);
    if (command == "journal") return journal_command(rest);
    if (command == "history") return history_command(rest);
    if (command == "retract-source") return retract_source_command(rest);
    if (command == "graph") return graph_command(rest);
    if (command == "eval") return eval_command(rest);
    if (command == "tune") return tune_command(rest);
    throw UsageError(command.empty() ? "no command given" : "unknown command '" + command + "'");
  } catch (const UsageError& e) {
    std::cerr << "trustscore: " << e.what() << "\n"
              << (command == "score"            ? score_usage
                  : command == "inspect"        ? inspect_usage
                  : command == "journal"        ? journal_usage
                  : command == "history"        ? history_usage
                  : command == "retract-source" ? retract_source_usage
                  : command == "graph"          ? graph_usage().c_str()
                  : command == "eval"           ? eval_usage().c_str()
                  : command == "tune"           ? tune_usage().c_str()
                                                : usage);
    return 2;
  } catch (const trustscore::Error& e) {
    std::cerr << "trustscore: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "trustscore: internal error: " << e.what() << "\n";
    return 1;
  }
}
