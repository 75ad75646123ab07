#include "io/results/wide_csv_writer.hpp"

#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "io/runtime/atomic_path.hpp"
#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::io {

namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

/// Buffered output through zlib (gzip, or plain with mode "T").
class TextOutput {
 public:
  TextOutput(const std::string& path, bool compress) : path_(path) {
    errno = 0;
    file_ = gzopen(path.c_str(), compress ? "wb6" : "wbT");
    if (file_ == nullptr) {
      throw InputError(
          path + ": cannot create file: " + (errno != 0 ? std::strerror(errno) : "out of memory"));
    }
  }
  ~TextOutput() {
    if (file_ != nullptr) gzclose(file_);
  }
  TextOutput(const TextOutput&) = delete;
  TextOutput& operator=(const TextOutput&) = delete;

  std::string& buffer() { return buffer_; }
  void end_line() {
    buffer_ += '\n';
    if (buffer_.size() >= kFlushBytes) flush();
  }
  void close() {
    flush();
    const int rc = gzclose(file_);
    file_ = nullptr;
    if (rc != Z_OK) throw InputError(path_ + ": cannot finish writing (disk full?)");
  }

 private:
  void flush() {
    if (buffer_.empty()) return;
    const int written = gzwrite(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (written <= 0 || static_cast<std::size_t>(written) != buffer_.size()) {
      int code = Z_OK;
      const char* message = gzerror(file_, &code);
      throw InputError(path_ +
                       ": cannot write: " + (code == Z_ERRNO ? std::strerror(errno) : message));
    }
    buffer_.clear();
  }

  std::string path_;
  gzFile file_ = nullptr;
  std::string buffer_;
};

/// A label as a CSV field: quoted when it holds a comma, a quote or outer blanks.
std::string field(const std::string& text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                     (!text.empty() && (csv::is_blank(text.front()) || csv::is_blank(text.back())));
  if (!quote) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void append_number(std::string& out, double value) {
  out += ',';
  out += csv::format_number(value);
}

}  // namespace

void write_wide_csv(const TableFile& table, const std::string& path) {
  const TableLabels& labels = table.labels();
  const std::size_t n = labels.n();
  const std::size_t fd = labels.final_demand_columns();
  const std::size_t block = labels.sector_count();
  const std::vector<double> x = table.read_vector("x");
  const std::vector<double> va = table.read_vector("VA");
  AtomicPath atomic(MPI_COMM_SELF, path);
  TextOutput out(atomic.temp_path(), path.ends_with(".gz"));
  std::string& line = out.buffer();
  for (std::size_t j = 0; j < n; ++j) line += "," + field(labels.row_label(j));
  for (std::size_t k = 0; k < fd; ++k) line += "," + field(labels.final_demand_label(k));
  line += ",GO";
  out.end_line();
  for (std::size_t begin = 0; begin < n; begin += block) {
    const std::vector<double> z = table.read_rows("Z", begin, block);
    const std::vector<double> y = table.read_rows("Y", begin, block);
    for (std::size_t r = 0; r < block; ++r) {
      line += field(labels.row_label(begin + r));
      for (std::size_t j = 0; j < n; ++j) append_number(line, z[r * n + j]);
      for (std::size_t k = 0; k < fd; ++k) append_number(line, y[r * fd + k]);
      append_number(line, x[begin + r]);
      out.end_line();
    }
  }
  line += "VA";
  for (std::size_t j = 0; j < n; ++j) append_number(line, va[j]);
  out.end_line();
  line += "GO";
  for (std::size_t j = 0; j < n; ++j) append_number(line, x[j]);
  out.end_line();
  out.close();
  atomic.commit();
}

}  // namespace leontief::io
