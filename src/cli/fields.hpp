// What inspect and journal report as named fields: a CSV header line and one
// row, or one JSON object, which also holds the lists of names (no CSV field
// fits them).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "report.hpp"

namespace trustscore::cli {

class Fields {
 public:
  void text(const std::string& name, const std::string& value) {
    fields_.push_back({name, csv_field(value), json_string(value), true});
  }
  void count(const std::string& name, std::uint64_t n) {
    fields_.push_back({name, std::to_string(n), std::to_string(n), true});
  }
  void number(const std::string& name, double x) {
    fields_.push_back({name, exact(x), exact(x), true});
  }
  void flag(const std::string& name, bool on) {
    const std::string text = on ? "true" : "false";
    fields_.push_back({name, text, text, true});
  }
  void names(const std::string& name, const std::vector<std::string>& items) {
    std::string json = "[";
    for (const std::string& item : items) json += (json.size() > 1 ? ", " : "") + json_string(item);
    fields_.push_back({name, "", json + "]", false});
  }

  void print(std::ostream& out, Format format) const {
    std::string head, row;
    for (const Field& f : fields_) {
      if (format == Format::json) {
        row += (row.empty() ? "{" : ", ") + json_string(f.name) + ": " + f.json;
      } else if (f.in_csv) {
        head += (head.empty() ? "" : ",") + f.name;
        row += (row.empty() ? "" : ",") + f.csv;
      }
    }
    if (format == Format::json)
      out << row << "}\n";
    else
      out << head << "\n" << row << "\n";
  }

 private:
  struct Field {
    std::string name, csv, json;
    bool in_csv;
  };
  std::vector<Field> fields_;
};

}  // namespace trustscore::cli
