// The C ABI's model: creation, JSON configuration, factors and profiles.
#include <string_view>

#include "../model_json.hpp"
#include "guard.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

extern "C" {

int trustscore_model_create(trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    *out = new trustscore_model{};
  });
}

int trustscore_model_from_json(const char* json, int64_t length, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(json, "json");
    need_non_negative(length, "length");
    auto model = trustscore::config::model_from_json(
        std::string_view(json, static_cast<std::size_t>(length)));
    *out = new trustscore_model{std::move(model)};
  });
}

int trustscore_model_to_json(const trustscore_model* model, char* buf, int64_t capacity,
                             int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    copy_out(trustscore::config::model_to_json(model->model), buf, capacity, length);
  });
}

void trustscore_model_free(trustscore_model* model) { delete model; }

int trustscore_model_factor_count(const trustscore_model* model, int64_t* count) {
  return guard(__func__, [&] {
    need(model, "model");
    need(count, "count");
    *count = static_cast<int64_t>(model->model.factor_count());
  });
}

int trustscore_model_factor_id(const trustscore_model* model, int64_t index, char* buf,
                               int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    const std::size_t f = index_in(index, model->model.factor_count(), "index");
    copy_out(model->model.factors()[f].id, buf, capacity, length);
  });
}

int trustscore_model_factor_index(const trustscore_model* model, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(model, "model");
    need(id, "id");
    need(index, "index");
    *index = static_cast<int64_t>(model->model.factors().index_of(id));
  });
}

int trustscore_model_find_factor(const trustscore_model* model, const char* id, int64_t* index) {
  return guard(__func__, [&] {
    need(model, "model");
    need(id, "id");
    need(index, "index");
    *index = model->model.factors().find(id);
  });
}

int trustscore_model_profile_count(const trustscore_model* model, int64_t* count) {
  return guard(__func__, [&] {
    need(model, "model");
    need(count, "count");
    *count = static_cast<int64_t>(model->model.profiles().size());
  });
}

int trustscore_model_profile_name(const trustscore_model* model, int64_t index, char* buf,
                                  int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    need(model, "model");
    const std::size_t p = index_in(index, model->model.profiles().size(), "index");
    copy_out(model->model.profiles()[p].name, buf, capacity, length);
  });
}

}  // extern "C"
