#include "envelope.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "bytes.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace persist {
namespace {

constexpr unsigned char kMagic[8] = {0x89, 'T', 'S', 'C', '\r', '\n', 0x1a, '\n'};
constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ULL;  // 2^64 / golden ratio, odd

// A bijective finaliser (MurmurHash3's fmix64).
std::uint64_t mix(std::uint64_t h) noexcept {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

[[noreturn]] void bad(const std::string& what) { fail(Status::bad_format, what); }

std::string io_message(const std::string& what, const std::string& path) {
  return what + " '" + path + "': " + std::strerror(errno);
}

}  // namespace

static_assert(sizeof(double) == 8 && sizeof(std::uint64_t) == 8, "64-bit values expected");
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "trustscore's saved files are little-endian; this host is not"
#endif

void Checksum::add(const unsigned char* data, std::size_t size) noexcept {
  size_ += size;
  if (pending_size_ > 0) {  // complete the block begun by the last piece
    const std::size_t take = std::min(size, 32 - pending_size_);
    std::memcpy(pending_ + pending_size_, data, take);
    pending_size_ += take, data += take, size -= take;
    if (pending_size_ < 32) return;
    for (int k = 0; k < 4; ++k) lane_[k] = (lane_[k] ^ load64(pending_ + 8 * k)) * kOdd;
    pending_size_ = 0;
  }
  std::size_t i = 0;
  for (; i + 32 <= size; i += 32)
    for (int k = 0; k < 4; ++k) lane_[k] = (lane_[k] ^ load64(data + i + 8 * k)) * kOdd;
  std::memcpy(pending_, data + i, size - i);
  pending_size_ = size - i;
}

std::uint64_t Checksum::value() const noexcept {
  std::uint64_t lane0 = lane_[0];  // the tail, byte by byte
  for (std::size_t i = 0; i < pending_size_; ++i) lane0 = (lane0 ^ pending_[i]) * kOdd;
  return mix(lane0) ^ (mix(lane_[1]) + 1) * 3 ^ mix(lane_[2]) * 5 ^ mix(lane_[3]) * 7 ^ mix(size_);
}

std::uint64_t checksum(const unsigned char* data, std::size_t size) noexcept {
  Checksum sum;
  sum.add(data, size);
  return sum.value();
}

namespace {

// The header of a payload of `size` bytes whose checksum is `sum`, into h.
void write_header(unsigned char* h, SavedContent content, ArchiveFormat format, std::uint64_t size,
                  std::uint64_t sum) {
  std::memcpy(h, kMagic, 8);
  store32(h + 8, persist_format_version);
  h[12] = static_cast<unsigned char>(content);
  h[13] = static_cast<unsigned char>(format);
  h[14] = h[15] = 0;
  store64(h + 16, size);
  store64(h + 24, sum);
  store64(h + 32, checksum(h, 32));
}

}  // namespace

void seal(std::vector<unsigned char>& file, SavedContent content, ArchiveFormat format) {
  const std::size_t size = file.size() - persist_header_size;
  write_header(file.data(), content, format, size,
               checksum(file.data() + persist_header_size, size));
}

SavedInfo check(const unsigned char* data, std::size_t size) {
  if (size == 0) bad("empty input: not a trustscore file");
  if (data == nullptr) fail(Status::invalid_argument, "data is null");
  if (size < persist_header_size) {
    if (std::memcmp(data, kMagic, std::min<std::size_t>(size, 8)) != 0)
      bad("not a trustscore file (wrong magic bytes)");
    bad("truncated: " + std::to_string(size) + " bytes, shorter than the " +
        std::to_string(persist_header_size) + "-byte header");
  }
  if (std::memcmp(data, kMagic, 8) != 0) bad("not a trustscore file (wrong magic bytes)");
  if (checksum(data, 32) != load64(data + 32))
    bad("corrupted header (its checksum does not match)");
  SavedInfo info;
  info.version = load32(data + 8);
  if (info.version == 0) bad("corrupted header (format version 0)");
  if (info.version > persist_format_version)
    fail(Status::version_mismatch,
         "written by a newer trustscore: format version " + std::to_string(info.version) +
             ", this library reads up to " + std::to_string(persist_format_version));
  const unsigned content = data[12], format = data[13];
  if (content < 1 || content > 2) bad("corrupted header (content " + std::to_string(content) + ")");
  if (format < 1 || format > 3)
    bad("corrupted header (archive kind " + std::to_string(format) + ")");
  if (data[14] != 0 || data[15] != 0) bad("corrupted header (reserved bytes are not 0)");
  info.content = static_cast<SavedContent>(content);
  info.format = static_cast<ArchiveFormat>(format);
  info.payload_bytes = load64(data + 16);
  const std::uint64_t have = size - persist_header_size;
  if (info.payload_bytes > have)
    bad("truncated: the header announces " + std::to_string(info.payload_bytes) +
        " payload bytes, " + std::to_string(have) + " follow");
  if (info.payload_bytes < have)
    bad(std::to_string(have - info.payload_bytes) + " bytes of trailing garbage after the payload");
  if (checksum(data + persist_header_size, have) != load64(data + 24))
    bad("corrupted payload (its checksum does not match)");
  return info;
}

SavedInfo check(const unsigned char* data, std::size_t size, SavedContent expected) {
  const SavedInfo info = check(data, size);
  if (info.content != expected)
    bad(std::string("this holds ") +
        (info.content == SavedContent::model ? "a model" : "an evidence store") + ", not " +
        (expected == SavedContent::model ? "a model" : "an evidence store"));
  return info;
}

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(Status::io, io_message("cannot open", path));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const std::string m = S_ISREG(st.st_mode) ? io_message("cannot stat", path)
                                              : "not a regular file: '" + path + "'";
    ::close(fd);
    fail(Status::io, m);
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    map_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map_ == MAP_FAILED) {
      map_ = nullptr;
      const std::string m = io_message("cannot map", path);
      ::close(fd);
      fail(Status::io, m);
    }
    data_ = static_cast<const unsigned char*>(map_);
  }
  ::close(fd);  // the mapping stays valid
}

MappedFile::~MappedFile() {
  if (map_) ::munmap(map_, size_);
}

namespace {

void write_all(int fd, const unsigned char* p, std::size_t n, const std::string& tmp) {
  while (n > 0) {
    const ssize_t put = ::write(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) fail(Status::io, io_message("cannot write", tmp));
    p += put;
    n -= static_cast<std::size_t>(put);
  }
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

constexpr std::size_t kSinkBuffer = std::size_t{1} << 20;

FileSink::FileSink(int fd, std::string name)
    : fd_(fd), name_(std::move(name)), buffer_(kSinkBuffer) {
  // Room for the header, written last: the payload starts after it.
  const unsigned char room[persist_header_size] = {};
  write_all(fd_, room, persist_header_size, name_);
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

void FileSink::put(const unsigned char* p, std::size_t n) {
  rethrow_failure();  // nothing more goes out after a failed write
  sum_.add(p, n);
  try {
    write_all(fd_, p, n, name_);
  } catch (...) {
    failure_ = std::current_exception();
    throw;
  }
}

void FileSink::rethrow_failure() const {
  if (failure_) std::rethrow_exception(failure_);
}

void FileSink::drain() {
  put(reinterpret_cast<const unsigned char*>(pbase()), static_cast<std::size_t>(pptr() - pbase()));
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FileSink::int_type FileSink::overflow(int_type c) {
  drain();
  if (c != traits_type::eof()) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize FileSink::xsputn(const char* p, std::streamsize n) {
  const auto count = static_cast<std::size_t>(n);
  if (count <= static_cast<std::size_t>(epptr() - pptr())) {
    std::memcpy(pptr(), p, count);
    pbump(static_cast<int>(n));
  } else {  // a large piece (an array of the store): out as it is, no copy
    drain();
    if (count < buffer_.size()) return xsputn(p, n);
    put(reinterpret_cast<const unsigned char*>(p), count);
  }
  return n;
}

void FileSink::finish(SavedContent content, ArchiveFormat format) {
  drain();
  unsigned char h[persist_header_size];
  write_header(h, content, format, sum_.size(), sum_.value());
  if (::lseek(fd_, 0, SEEK_SET) != 0) fail(Status::io, io_message("cannot seek in", name_));
  write_all(fd_, h, persist_header_size, name_);
}

void write_file_streamed(const std::string& path, SavedContent content, ArchiveFormat format,
                         const std::function<void(std::streambuf&)>& fill) {
  if (path.empty()) fail(Status::invalid_argument, "path is empty");
  // A name no other writer picks: pid and a random number.
  std::random_device rd;
  const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(Status::io, io_message("cannot create", tmp));
  try {
    FileSink sink(fd, tmp);
    try {
      fill(sink);
      sink.finish(content, format);
    } catch (...) {
      sink.rethrow_failure();  // the write that failed, not what it became on its way out
      throw;
    }
    if (::fsync(fd) != 0) fail(Status::io, io_message("cannot fsync", tmp));
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::close(fd) != 0) {  // close once, whatever it says (a retry could close another file)
    const std::string m = io_message("cannot close", tmp);
    ::unlink(tmp.c_str());
    fail(Status::io, m);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string m = io_message("cannot rename the temporary file over", path);
    ::unlink(tmp.c_str());
    fail(Status::io, m);
  }
  // The rename is durable once the directory is on disk.
  const std::string dir = directory_of(path);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace persist
}  // namespace v1
}  // namespace trustscore
