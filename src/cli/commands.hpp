// The tool's commands. Each returns the process exit code: 0 ok, 1 bad input,
// 2 usage; they throw UsageError or trustscore::Error, which main() reports.
#pragma once

#include <string>
#include <vector>

namespace trustscore::cli {

int score_command(const std::vector<std::string>& args);
extern const char* const score_usage;
int inspect_command(const std::vector<std::string>& args);
extern const char* const inspect_usage;
int graph_command(const std::vector<std::string>& args);
std::string graph_usage();  // with the defaults of its options
int journal_command(const std::vector<std::string>& args);
extern const char* const journal_usage;
int history_command(const std::vector<std::string>& args);
extern const char* const history_usage;
int retract_source_command(const std::vector<std::string>& args);
extern const char* const retract_source_usage;
int eval_command(const std::vector<std::string>& args);
std::string eval_usage();  // with the defaults of its options
int tune_command(const std::vector<std::string>& args);
std::string tune_usage();  // with the defaults of its options

}  // namespace trustscore::cli
