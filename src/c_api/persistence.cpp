// The C ABI's saving and loading of models and stores, to files and buffers.
#include "guard.hpp"
#include "trustscore/persist.hpp"

using namespace trustscore::c_api;
using trustscore::fail;
using trustscore::Status;

namespace {

trustscore::ArchiveFormat archive_of(int archive) {
  if (archive < TRUSTSCORE_ARCHIVE_BINARY || archive > TRUSTSCORE_ARCHIVE_XML)
    fail(
        Status::invalid_argument,
        "archive must be TRUSTSCORE_ARCHIVE_BINARY, _TEXT or _XML, not " + std::to_string(archive));
  return static_cast<trustscore::ArchiveFormat>(archive);
}

// What inspect found, into the caller's optional outputs.
void report(const trustscore::SavedInfo& info, int* content, int* archive, int* version,
            int64_t* payload_bytes) {
  if (content) *content = static_cast<int>(info.content);
  if (archive) *archive = static_cast<int>(info.format);
  if (version) *version = static_cast<int>(info.version);
  if (payload_bytes) *payload_bytes = static_cast<int64_t>(info.payload_bytes);
}

}  // namespace

extern "C" {

int trustscore_model_save(const trustscore_model* model, const char* path, int archive) {
  return guard(__func__, [&] {
    need(model, "model");
    need(path, "path");
    trustscore::save_model_file(model->model, path, archive_of(archive));
  });
}

int trustscore_model_load(const char* path, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = new trustscore_model{trustscore::load_model_file(path)};
  });
}

int trustscore_model_save_buffer(const trustscore_model* model, int archive, void** data,
                                 int64_t* length) {
  return guard(__func__, [&] {
    need(data, "data");
    *data = nullptr;
    need(length, "length");
    need(model, "model");
    hand_out(trustscore::save_model(model->model, archive_of(archive)), data, length);
  });
}

int trustscore_model_load_buffer(const void* data, int64_t length, trustscore_model** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need_input(data, length);
    *out = new trustscore_model{
        trustscore::load_model(data ? data : "", static_cast<std::size_t>(length))};
  });
}

int trustscore_store_save(const trustscore_store* store, const char* path, int archive) {
  return guard(__func__, [&] {
    need(store, "store");
    need(path, "path");
    trustscore::save_store_file(store->evidence(), path, archive_of(archive));
  });
}

int trustscore_store_load(const char* path, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(path, "path");
    *out = new trustscore_store{trustscore::load_store_file(path)};
  });
}

int trustscore_store_save_buffer(const trustscore_store* store, int archive, void** data,
                                 int64_t* length) {
  return guard(__func__, [&] {
    need(data, "data");
    *data = nullptr;
    need(length, "length");
    need(store, "store");
    hand_out(trustscore::save_store(store->evidence(), archive_of(archive)), data, length);
  });
}

int trustscore_store_load_buffer(const void* data, int64_t length, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need_input(data, length);
    *out = new trustscore_store{
        trustscore::load_store(data ? data : "", static_cast<std::size_t>(length))};
  });
}

int trustscore_inspect_buffer(const void* data, int64_t length, int* content, int* archive,
                              int* version, int64_t* payload_bytes) {
  return guard(__func__, [&] {
    need_input(data, length);
    report(trustscore::inspect(data ? data : "", static_cast<std::size_t>(length)), content,
           archive, version, payload_bytes);
  });
}

int trustscore_inspect_file(const char* path, int* content, int* archive, int* version,
                            int64_t* payload_bytes) {
  return guard(__func__, [&] {
    need(path, "path");
    report(trustscore::inspect_file(path), content, archive, version, payload_bytes);
  });
}

}  // extern "C"
