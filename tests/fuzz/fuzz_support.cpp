#include "tests/fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>

#include "io/readers/table_readers.hpp"
#include "io/runtime/error.hpp"
#include "io/store/table_sink.hpp"

namespace leontief::fuzz {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Removes the scratch folder when the process ends normally.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    path = fs::temp_directory_path() / ("leontief-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

bool finite(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

/// Checks the TableSink protocol and that every number handed over is finite.
class CheckingSink : public io::TableSink {
 public:
  void begin(const io::TableLabels& labels, const io::TableMetadata&) override {
    if (began_) finding("begin() called twice");
    began_ = true;
    labels_ = labels;
    if (labels.n() == 0) finding("begin() with an empty table");
    if (labels.category_count() == 0) finding("begin() without final-demand categories");
  }
  void row(std::size_t i, std::span<const double> intermediate,
           std::span<const double> final_demand, double gross_output) override {
    if (!began_ || finished_) finding("row() outside begin() .. finish()");
    if (i != rows_) finding("row " + std::to_string(i) + " where " + std::to_string(rows_) + " was due");
    if (intermediate.size() != labels_.n()) finding("row() with a Z row of the wrong length");
    if (final_demand.size() != labels_.final_demand_columns()) finding("row() with a Y row of the wrong length");
    if (!finite(intermediate) || !finite(final_demand) || !std::isfinite(gross_output)) {
      finding("row " + std::to_string(i) + " ('" + labels_.row_label(i) + "') holds a non-finite number");
    }
    ++rows_;
  }
  void finish(std::span<const double> value_added) override {
    if (!began_ || finished_) finding("finish() twice or before begin()");
    if (rows_ != labels_.n()) finding("finish() after " + std::to_string(rows_) + " of " + std::to_string(labels_.n()) + " rows");
    if (value_added.size() != labels_.n()) finding("finish() with a VA row of the wrong length");
    if (!finite(value_added)) finding("a non-finite value added");
    finished_ = true;
  }
  void check_complete() const {
    if (!finished_) finding("the reader returned without finish()");
  }

 private:
  bool began_ = false, finished_ = false;
  std::size_t rows_ = 0;
  io::TableLabels labels_;
};

}  // namespace

const std::string& scratch_dir() {
  static const ScratchDir dir;
  static const std::string path = dir.path.string();
  return path;
}

void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) finding("cannot write " + path);
}

void write_file(const std::string& path, const std::string& bytes) {
  write_file(path, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

void expect_input_errors_only(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& e) {
    const std::string message = e.what();
    if (message.empty()) finding("an InputError without a message");
    if (message.find('\n') != std::string::npos) finding("an InputError of several lines: " + message);
  } catch (const std::exception& e) {
    finding(std::string("an exception other than InputError: ") + e.what());
  }
}

void read_table_checked(const std::string& format, const std::string& path,
                        io::ReaderOptions options) {
  for (const bool balance : {false, true}) {
    options.balance = balance;
    expect_input_errors_only([&] {
      CheckingSink sink;
      io::read_table(format, path, options, sink);
      sink.check_complete();
    });
  }
}

StagedFixture::StagedFixture(const std::string& source, const std::string& name)
    : path_((fs::path(scratch_dir()) / name).string()) {
  fs::remove_all(path_);
  fs::copy(source, path_, fs::copy_options::recursive);
  for (const auto& entry : fs::recursive_directory_iterator(path_)) {
    if (entry.is_regular_file()) files_.push_back(fs::relative(entry.path(), path_).string());
  }
  std::sort(files_.begin(), files_.end());
  if (files_.empty()) finding("no files in " + source);
  for (const auto& file : files_) {
    std::ifstream in(fs::path(path_) / file, std::ios::binary);
    originals_.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
}

void StagedFixture::with_replaced(std::size_t index, const std::uint8_t* data, std::size_t size,
                                  const std::function<void()>& read) {
  const std::size_t k = index % files_.size();
  const std::string file = (fs::path(path_) / files_[k]).string();
  write_file(file, data, size);
  read();
  write_file(file, originals_[k]);
}

}  // namespace leontief::fuzz
