/// Never lose or damage a user's data: interruptions agreed by every rank, temporaries of
/// killed runs, outputs that are inputs, checksums on every dataset, the --csv manifest and
/// the size guards, at every rank count. (End-to-end runs: tests/faults/.)

#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "io/results/csv_manifest.hpp"
#include "io/results/result_file.hpp"
#include "io/runtime/atomic_path.hpp"
#include "io/runtime/collective.hpp"
#include "io/runtime/error.hpp"
#include "io/runtime/interrupt.hpp"
#include "io/runtime/output_guard.hpp"
#include "io/runtime/progress.hpp"
#include "io/runtime/resources.hpp"
#include "io/store/hdf5.hpp"
#include "io/store/table_store.hpp"
#include "tests/support.hpp"

using namespace leontief;
namespace fs = std::filesystem;

namespace {

const std::string kLeatherCsv = std::string(LEONTIEF_TEST_DATA_DIR) + "/leather/leather.csv";

/// The PID of a process that has ended.
long ended_process() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return static_cast<long>(child);
}

void touch(const std::string& path) { std::ofstream(path) << "partial"; }

/// Flips one bit in the middle of the first chunk of `dataset` in `path` (closed file).
void flip_a_bit(const std::string& path, const std::string& dataset) {
  haddr_t offset = 0;
  hsize_t size = 0;
  {
    io::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    REQUIRE(file.valid());
    io::h5::Dataset dset(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT));
    REQUIRE(dset.valid());
    io::h5::Dataspace space(H5Dget_space(dset.get()));
    hsize_t coords[2] = {0, 0};
    unsigned mask = 0;
    REQUIRE(H5Dget_chunk_info(dset.get(), space.get(), 0, coords, &mask, &offset, &size) >= 0);
  }
  std::fstream io(path, std::ios::in | std::ios::out | std::ios::binary);
  io.seekg(static_cast<std::streamoff>(offset + size / 2));
  char byte = 0;
  io.get(byte);
  io.seekp(static_cast<std::streamoff>(offset + size / 2));
  io.put(static_cast<char>(byte ^ 0x01));
}

/// Every dataset of the file at `path` with at least one element, by name.
std::vector<std::string> non_empty_datasets(hid_t file) {
  std::vector<std::string> names;
  H5Ovisit2(
      file, H5_INDEX_NAME, H5_ITER_NATIVE,
      [](hid_t root, const char* name, const H5O_info_t* info, void* data) -> herr_t {
        if (info->type != H5O_TYPE_DATASET) return 0;
        io::h5::Dataset dset(H5Dopen2(root, name, H5P_DEFAULT));
        io::h5::Dataspace space(H5Dget_space(dset.get()));
        if (H5Sget_simple_extent_npoints(space.get()) > 0) {
          static_cast<std::vector<std::string>*>(data)->push_back(name);
        }
        return 0;
      },
      &names, H5O_INFO_BASIC);
  return names;
}

bool has_fletcher32(hid_t file, const std::string& name) {
  io::h5::Dataset dset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  io::h5::PropertyList create(H5Dget_create_plist(dset.get()));
  for (int k = 0; k < H5Pget_nfilters(create.get()); ++k) {
    unsigned flags = 0;
    std::size_t count = 0;
    unsigned config = 0;
    const H5Z_filter_t filter =
        H5Pget_filter2(create.get(), static_cast<unsigned>(k), &flags, &count, nullptr, 0,
                       nullptr, &config);
    if (filter == H5Z_FILTER_FLETCHER32) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a signal on one rank stops every rank at the next check", "[runtime][faults]") {
  const int last = test::world_size() - 1;
  io::clear_interrupt();
  CHECK_NOTHROW(io::check_interrupt(MPI_COMM_WORLD));
  if (test::world_rank() == last) io::simulate_interrupt(SIGTERM);
  try {
    io::check_interrupt(MPI_COMM_WORLD);
    FAIL("no rank noticed the signal");
  } catch (const Interrupted& e) {
    CHECK(e.signal() == SIGTERM);
    CHECK(e.collective());
    CHECK_THAT(e.what(), Catch::StartsWith("interrupted by SIGTERM"));
  }
  // Every collective agreement is a check point too, and keeps the type.
  CHECK_THROWS_AS(run_collectively(MPI_COMM_WORLD, [] {}), Interrupted);
  // A real failure says more than the interruption: it wins.
  try {
    run_collectively(MPI_COMM_WORLD, [] {
      if (test::world_rank() == 0) throw InputError("table.h5: row 3: negative output");
    });
    FAIL("the failure was lost");
  } catch (const Interrupted&) {
    FAIL("the interruption hid the failure");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Equals("table.h5: row 3: negative output"));
  }
  io::clear_interrupt();
  CHECK_NOTHROW(run_collectively(MPI_COMM_WORLD, [] {}));
}

TEST_CASE("a committed output is not renamed once the run is asked to stop", "[runtime][faults]") {
  test::SharedScratchDirectory dir;
  const std::string target = dir.path() + "/result.txt";
  io::clear_interrupt();
  std::string temporary;
  {
    io::AtomicPath path(MPI_COMM_WORLD, target);
    temporary = path.temp_path();
    if (test::world_rank() == 0) touch(temporary);
    MPI_Barrier(MPI_COMM_WORLD);
    if (test::world_rank() == 0) io::simulate_interrupt(SIGINT);
    CHECK_THROWS_AS(path.commit(), Interrupted);
  }
  io::clear_interrupt();
  MPI_Barrier(MPI_COMM_WORLD);
  CHECK_FALSE(fs::exists(target));
  CHECK_FALSE(fs::exists(temporary));
}

TEST_CASE("temporaries of killed runs are removed, of live runs and other hosts never",
          "[runtime][faults]") {
  test::ScratchDirectory dir;
  const std::string host = io::host_name();
  const long dead = ended_process(), live = static_cast<long>(getpid());
  const std::string out = dir.path() + "/result.h5";
  CHECK(io::temporary_name(out, host, live) ==
        dir.path() + "/.result.h5.partial-" + host + "-" + std::to_string(live));
  const std::string killed = io::temporary_name(out, host, dead);
  const std::string older = dir.path() + "/.result.h5.partial-" + std::to_string(dead);
  const std::string running = io::temporary_name(out, host, live);
  const std::string foreign = io::temporary_name(out, "elsewhere", dead);
  const std::string other_output = io::temporary_name(dir.path() + "/other.h5", host, dead);
  const std::string user_file = dir.path() + "/.result.h5.partial-notes";
  for (const auto& f : {killed, older, running, foreign, other_output, user_file}) touch(f);

  CHECK(io::remove_stale_temporaries(dir.path(), "result.h5") == 2);
  CHECK_FALSE(fs::exists(killed));
  CHECK_FALSE(fs::exists(older));
  CHECK(fs::exists(running));
  CHECK(fs::exists(foreign));
  CHECK(fs::exists(other_output));
  CHECK(fs::exists(user_file));
  // Without a name: every output's.
  CHECK(io::remove_stale_temporaries(dir.path()) == 1);
  CHECK_FALSE(fs::exists(other_output));
  CHECK(fs::exists(running));
}

TEST_CASE("a temporary of a run whose process is a zombie is removed", "[runtime][faults]") {
  // An aborted MPI rank whose launcher exits first stays a zombie until a reaper collects
  // it (in a container, maybe never): it has exited and writes nothing more.
  test::ScratchDirectory dir;
  const pid_t child = fork();
  if (child == 0) _exit(0);
  REQUIRE(child > 0);
  siginfo_t info{};
  REQUIRE(waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT) == 0);  // not reaped
  const std::string zombie = io::temporary_name(dir.path() + "/result.h5", io::host_name(), child);
  touch(zombie);
  CHECK(::kill(child, 0) == 0);  // the process still exists
  CHECK(io::remove_stale_temporaries(dir.path(), "result.h5") == 1);
  CHECK_FALSE(fs::exists(zombie));
  int status = 0;
  waitpid(child, &status, 0);
}

TEST_CASE("an output that is an input is refused, also through links", "[runtime][faults]") {
  test::ScratchDirectory dir;
  const std::string input = dir.path() + "/table.h5";
  const std::string symlink = dir.path() + "/link.h5";
  const std::string hardlink = dir.path() + "/hard.h5";
  std::ofstream(input) << "the user's table";
  fs::create_symlink(input, symlink);
  fs::create_hard_link(input, hardlink);
  io::protect_inputs(MPI_COMM_SELF, {{"--table", input}, {"--config", dir.path() + "/none.ini"}});
  CHECK_THROWS_WITH(io::refuse_overwriting_input(input, "--output"),
                    Catch::StartsWith(input + ": --output is the input --table;"));
  CHECK_THROWS_AS(io::refuse_overwriting_input(symlink), InputError);
  CHECK_THROWS_AS(io::refuse_overwriting_input(hardlink), InputError);
  CHECK_NOTHROW(io::refuse_overwriting_input(dir.path() + "/result.h5"));
  // AtomicPath refuses before creating anything.
  CHECK_THROWS_AS(io::AtomicPath(MPI_COMM_SELF, hardlink), InputError);
  io::clear_protected_inputs();
  CHECK_NOTHROW(io::refuse_overwriting_input(input));
  std::ifstream in(input);
  std::string text;
  std::getline(in, text);
  CHECK(text == "the user's table");
}

TEST_CASE("every dataset of a table carries a checksum; a flipped bit fails the read",
          "[io][store][faults]") {
  test::SharedScratchDirectory dir;
  const std::string h5 = test::import_wide_csv(dir, kLeatherCsv, "leather.h5", false);
  const std::string damaged = dir.path() + "/damaged.h5";
  if (test::world_rank() == 0) {
    io::h5::File file(H5Fopen(h5.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    const auto names = non_empty_datasets(file.get());
    CHECK(names.size() >= 8);  // Z, Y, x, VA, x_published, VA_published, labels
    for (const auto& name : names) {
      INFO(name);
      CHECK(has_fletcher32(file.get(), name));
    }
    file.reset();
    fs::copy_file(h5, damaged);
    flip_a_bit(damaged, "x");
  }
  MPI_Barrier(MPI_COMM_WORLD);
  io::TableFile table(MPI_COMM_WORLD, damaged);  // x is not read yet
  try {
    table.read_vector("x");
    FAIL("a flipped bit was read without an error");
  } catch (const InputError& e) {
    CHECK(e.collective());
    CHECK_THAT(e.what(), Catch::StartsWith(damaged + ": dataset /x is damaged: checksum mismatch"));
  }
  // The other datasets still read.
  CHECK(io::TableFile(MPI_COMM_WORLD, damaged).read_vector("VA").size() == 9);
}

TEST_CASE("every dataset of a result carries a checksum", "[io][results][faults]") {
  test::SharedScratchDirectory dir;
  const std::string path = dir.path() + "/result.h5";
  {
    io::ResultFile result(MPI_COMM_WORLD, path);
    io::TableLabels labels;
    labels.regions = {"A", "B"};
    labels.sectors = {"x"};
    labels.final_demand_categories = {"FD"};
    result.write_metadata({{"command", "test"}}, labels);
    const std::size_t rows = 40, cols = 3;
    const std::size_t size = static_cast<std::size_t>(test::world_size());
    const std::size_t rank = static_cast<std::size_t>(test::world_rank());
    const std::size_t begin = rows * rank / size, end = rows * (rank + 1) / size;
    std::vector<double> local((end - begin) * cols, 1.5);
    result.write_matrix("values", rows, cols, begin, end - begin, local, "row", "column", "test");
    result.write_labels("names", {"first", "second"});
    result.commit();
  }
  if (test::world_rank() == 0) {
    io::h5::File file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
    const auto names = non_empty_datasets(file.get());
    CHECK(names.size() == 5);
    for (const auto& name : names) {
      INFO(name);
      CHECK(has_fletcher32(file.get(), name));
    }
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

TEST_CASE("a --csv directory replaces the previous run's files, never the user's",
          "[results][faults]") {
  test::ScratchDirectory dir;
  io::forget_csv_directories();  // other tests' CSV files
  const std::string csv = dir.path() + "/csv";
  fs::create_directories(csv);
  std::ofstream(csv + "/notes.csv") << "the user's\n";
  // Writes NAME through a temporary, as TidyCsvWriter does.
  const auto write = [&](const std::string& name, const std::string& text) {
    const std::string temporary = csv + "/." + name + ".tmp";
    std::ofstream(temporary) << text;
    io::note_csv_file(csv, name, temporary);
    fs::rename(temporary, csv + "/" + name);
  };
  io::set_csv_run_command("va");
  write("a.csv", "1\n");
  write("b.csv", "2\n");
  io::finish_csv_directories();
  io::set_csv_run_command("decompose");
  write("kww.csv", "3\n");
  io::finish_csv_directories();

  // A second va run writes a.csv only: b.csv goes, decompose's file and the user's stay.
  io::set_csv_run_command("va");
  write("a.csv", "4\n");
  // Listed before the run completes (a killed run's files are never orphaned).
  const auto pending = io::read_csv_manifest(csv);
  CHECK(pending.size() == 3);
  io::finish_csv_directories();
  CHECK(fs::exists(csv + "/a.csv"));
  CHECK_FALSE(fs::exists(csv + "/b.csv"));
  CHECK(fs::exists(csv + "/kww.csv"));
  CHECK(fs::exists(csv + "/notes.csv"));

  // A file changed since a run wrote it is not removed.
  write("c.csv", "5\n");
  io::finish_csv_directories();
  std::ofstream(csv + "/c.csv", std::ios::app) << "edited\n";
  write("a.csv", "6\n");
  io::finish_csv_directories();
  CHECK(fs::exists(csv + "/c.csv"));
  io::set_csv_run_command("");
}

TEST_CASE("size guards refuse with the estimate", "[runtime][faults]") {
  CHECK_THROWS_WITH(io::require_memory(1e30, "a test"),
                    Catch::StartsWith("a test needs about") &&
                        Catch::Contains("of memory, but") &&
                        Catch::Contains("--size_check false"));
  CHECK_THROWS_AS(io::require_memory(MPI_COMM_WORLD, 1e30, "a test"), InputError);
  CHECK_FALSE(io::fits_in_memory(MPI_COMM_WORLD, 1e30));
  CHECK(io::fits_in_memory(MPI_COMM_WORLD, 1.0));
  CHECK_THROWS_WITH(io::require_disk(".", 1e30, "a test"), Catch::Contains("of disk, but"));
  io::set_size_checks(false);
  CHECK_NOTHROW(io::require_memory(1e30, "a test"));
  CHECK_NOTHROW(io::require_disk(".", 1e30, "a test"));
  io::set_size_checks(true);
  CHECK(io::format_duration(42) == "42 s");
  CHECK(io::format_duration(200) == "3 min 20 s");
  CHECK(io::format_duration(7500) == "2 h 05 min");
}
