#include "model_json.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "trustscore/error.hpp"

namespace trustscore::config {
namespace {

using json = nlohmann::json;

[[noreturn]] void bad(const std::string& what) { fail(Status::bad_format, "model JSON: " + what); }

void check_keys(const json& object, const std::string& where,
                std::initializer_list<const char*> allowed) {
  for (const auto& item : object.items()) {
    bool known = false;
    for (const char* k : allowed) known = known || item.key() == k;
    if (!known) bad("unknown key '" + item.key() + "' in " + where);
  }
}

double number_at(const json& object, const char* key, const std::string& where, double fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_number()) bad(where + "." + key + " must be a number");
  return it->get<double>();
}

std::string string_at(const json& object, const char* key, const std::string& where,
                      const std::string& fallback) {
  const auto it = object.find(key);
  if (it == object.end()) return fallback;
  if (!it->is_string()) bad(where + "." + key + " must be a string");
  return it->get<std::string>();
}

void read_factor(Model& model, const json& entry, std::size_t position) {
  const std::string where = "factors[" + std::to_string(position) + "]";
  if (!entry.is_object()) bad(where + " must be an object");
  check_keys(
      entry, where,
      {"id", "description", "half_life_days", "negativity", "base_rate", "prior_weight", "weight"});
  const auto id = entry.find("id");
  if (id == entry.end() || !id->is_string()) bad(where + ".id must be a string");
  const std::string name = id->get<std::string>();
  const std::int64_t existing = model.factors().find(name);
  FactorParams p =
      existing >= 0 ? model.params(static_cast<std::size_t>(existing)) : FactorParams{};
  if (const auto h = entry.find("half_life_days"); h != entry.end()) {
    if (h->is_null()) {
      p.half_life_days = std::numeric_limits<double>::infinity();
    } else if (h->is_number()) {
      p.half_life_days = h->get<double>();
    } else {
      bad(where + ".half_life_days must be a number or null (no decay)");
    }
  }
  p.negativity = number_at(entry, "negativity", where, p.negativity);
  p.base_rate = number_at(entry, "base_rate", where, p.base_rate);
  p.prior_weight = number_at(entry, "prior_weight", where, p.prior_weight);
  if (existing >= 0) {
    if (entry.contains("weight")) bad(where + ".weight applies only to new factors");
    model.set_params(static_cast<std::size_t>(existing), p);
  } else {
    model.add_factor(name, string_at(entry, "description", where, ""), p,
                     number_at(entry, "weight", where, 1.0));
  }
}

void read_profile(Model& model, const std::string& name, const json& weights) {
  const std::string where = "profiles." + name;
  Profile profile{name, std::vector<double>(model.factor_count(), 0.0)};
  if (weights.is_array()) {
    if (weights.size() != model.factor_count())
      bad(where + " has " + std::to_string(weights.size()) + " weights for " +
          std::to_string(model.factor_count()) + " factors");
    for (std::size_t f = 0; f < weights.size(); ++f) {
      if (!weights[f].is_number()) bad(where + "[" + std::to_string(f) + "] must be a number");
      profile.weights[f] = weights[f].get<double>();
    }
  } else if (weights.is_object()) {
    for (const auto& item : weights.items()) {
      const std::int64_t f = model.factors().find(item.key());
      if (f < 0) bad(where + ": unknown factor '" + item.key() + "'");
      if (!item.value().is_number()) bad(where + "." + item.key() + " must be a number");
      profile.weights[static_cast<std::size_t>(f)] = item.value().get<double>();
    }
  } else {
    bad(where + " must be an object {factor: weight} or an array of weights");
  }
  model.set_profile(profile);
}

// The parameters each kind takes, by JSON key.
std::vector<std::string> parameter_keys(ModelKind kind) {
  switch (kind) {
    case ModelKind::weighted_mean:
      return {"min_coverage"};
    case ModelKind::bayesian_average:
      return {"prior_count", "prior_mean"};
    case ModelKind::dirichlet:
      return {"levels", "level_utilities"};
    case ModelKind::logistic:
      return {"weights", "bias"};
    default:
      return {};
  }
}

void set_settings(Model& model, const ModelSettings& settings) {
  try {
    model.set_settings(settings);
  } catch (const Error& e) {  // well-formed but invalid, as for factors and profiles
    fail(e.status(), std::string("model JSON: parameters: ") + e.what());
  }
}

void read_settings(Model& model, const json& doc) {
  ModelSettings settings;
  settings.kind = ModelKind::beta;
  const std::string kind = string_at(doc, "kind", "document", "beta");
  try {
    settings.kind = model_kind_from_name(kind);
  } catch (const Error& e) {
    bad(e.what());
  }
  const auto params = doc.find("parameters");
  if (params != doc.end()) {
    if (!params->is_object()) bad("parameters must be an object");
    const std::vector<std::string> keys = parameter_keys(settings.kind);
    for (const auto& item : params->items())
      if (std::find(keys.begin(), keys.end(), item.key()) == keys.end())
        bad("parameter '" + item.key() + "' does not apply to kind '" + kind + "'" +
            (keys.empty() ? std::string(" (it takes none)") : ""));
    const std::string where = "parameters";
    settings.min_coverage = number_at(*params, "min_coverage", where, settings.min_coverage);
    settings.prior_count = number_at(*params, "prior_count", where, settings.prior_count);
    settings.prior_mean = number_at(*params, "prior_mean", where, settings.prior_mean);
    settings.logistic_bias = number_at(*params, "bias", where, settings.logistic_bias);
    if (params->contains("levels") && params->contains("level_utilities"))
      bad("give parameters.levels or parameters.level_utilities, not both");
    if (const auto k = params->find("levels"); k != params->end()) {
      if (!k->is_number_integer()) bad("parameters.levels must be an integer");
      try {
        settings.level_utilities = even_levels(k->get<long long>());
      } catch (const Error& e) {
        fail(e.status(), std::string("model JSON: parameters: ") + e.what());
      }
    }
    if (const auto u = params->find("level_utilities"); u != params->end()) {
      if (!u->is_array()) bad("parameters.level_utilities must be an array of numbers");
      settings.level_utilities.clear();
      for (const json& x : *u) {
        if (!x.is_number()) bad("parameters.level_utilities must be an array of numbers");
        settings.level_utilities.push_back(x.get<double>());
      }
    }
  }
  set_settings(model, settings);
}

// logistic's parameters.weights, read after the factors (it may name custom
// ones): {factor: weight} (factors left out weigh 0) or one weight per factor.
void read_logistic_weights(Model& model, const json& doc) {
  const auto params = doc.find("parameters");
  if (params == doc.end()) return;
  const auto weights = params->find("weights");
  if (weights == params->end()) return;
  const std::string where = "parameters.weights";
  ModelSettings settings = model.settings();
  settings.logistic_weights.assign(model.factor_count(), 0.0);
  if (weights->is_array()) {
    if (weights->size() != model.factor_count())
      bad(where + " has " + std::to_string(weights->size()) + " weights for " +
          std::to_string(model.factor_count()) + " factors");
    for (std::size_t f = 0; f < weights->size(); ++f) {
      if (!(*weights)[f].is_number()) bad(where + "[" + std::to_string(f) + "] must be a number");
      settings.logistic_weights[f] = (*weights)[f].get<double>();
    }
  } else if (weights->is_object()) {
    for (const auto& item : weights->items()) {
      const std::int64_t f = model.factors().find(item.key());
      if (f < 0) bad(where + ": unknown factor '" + item.key() + "'");
      if (!item.value().is_number()) bad(where + "." + item.key() + " must be a number");
      settings.logistic_weights[static_cast<std::size_t>(f)] = item.value().get<double>();
    }
  } else {
    bad(where + " must be an object {factor: weight} or an array of weights");
  }
  set_settings(model, settings);
}

}  // namespace

Model model_from_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e400
    bad(std::string("not valid JSON: ") + e.what());
  }
  if (!doc.is_object()) bad("the document must be an object");
  check_keys(doc, "the document",
             {"format", "version", "kind", "parameters", "factors", "profiles", "default_profile"});
  if (string_at(doc, "format", "document", "trustscore.model") != "trustscore.model")
    bad("format must be \"trustscore.model\"");
  if (const auto v = doc.find("version"); v != doc.end()) {
    if (!v->is_number_integer()) bad("version must be an integer");
    if (v->get<std::int64_t>() != 1)
      fail(Status::version_mismatch,
           "model JSON: version " + v->dump() + " is not supported (1 is)");
  }
  Model model;
  read_settings(model, doc);
  if (const auto factors = doc.find("factors"); factors != doc.end()) {
    if (!factors->is_array()) bad("factors must be an array");
    for (std::size_t i = 0; i < factors->size(); ++i) read_factor(model, (*factors)[i], i);
  }
  if (const auto profiles = doc.find("profiles"); profiles != doc.end()) {
    if (!profiles->is_object()) bad("profiles must be an object");
    for (const auto& item : profiles->items()) read_profile(model, item.key(), item.value());
  }
  read_logistic_weights(model, doc);
  if (doc.contains("default_profile"))
    model.set_default_profile(string_at(doc, "default_profile", "document", ""));
  return model;
}

std::string model_to_json(const Model& model) {
  const ModelSettings& settings = model.settings();
  json doc = {
      {"format", "trustscore.model"}, {"version", 1}, {"kind", model_kind_name(settings.kind)}};
  json params = json::object();
  if (settings.kind == ModelKind::weighted_mean) params["min_coverage"] = settings.min_coverage;
  if (settings.kind == ModelKind::bayesian_average) {
    params["prior_count"] = settings.prior_count;
    params["prior_mean"] = settings.prior_mean;
  }
  if (settings.kind == ModelKind::dirichlet) params["level_utilities"] = settings.level_utilities;
  if (settings.kind == ModelKind::logistic) {
    json weights = json::object();  // every factor, by id (0 included: the model in full)
    for (std::size_t f = 0; f < model.factor_count(); ++f)
      weights[model.factors()[f].id] = settings.logistic_weights[f];
    params["weights"] = std::move(weights);
    params["bias"] = settings.logistic_bias;
  }
  if (!params.empty()) doc["parameters"] = std::move(params);
  json factors = json::array();
  for (std::size_t f = 0; f < model.factor_count(); ++f) {
    const FactorParams& p = model.params(f);
    json entry = {{"id", model.factors()[f].id},
                  {"description", model.factors()[f].description},
                  {"negativity", p.negativity},
                  {"base_rate", p.base_rate},
                  {"prior_weight", p.prior_weight}};
    entry["half_life_days"] = std::isinf(p.half_life_days) ? json(nullptr) : json(p.half_life_days);
    factors.push_back(std::move(entry));
  }
  doc["factors"] = std::move(factors);
  json profiles = json::object();
  for (const Profile& p : model.profiles()) {
    json weights = json::object();
    for (std::size_t f = 0; f < p.weights.size(); ++f)
      weights[model.factors()[f].id] = p.weights[f];
    profiles[p.name] = std::move(weights);
  }
  doc["profiles"] = std::move(profiles);
  doc["default_profile"] = model.default_profile();
  return doc.dump();
}

}  // namespace trustscore::config
