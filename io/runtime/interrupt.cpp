#include "io/runtime/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

volatile std::sig_atomic_t g_signal = 0;

// The temporaries the handler unlinks: a fixed table written before its slot is published,
// so the handler never sees a half-written path and never allocates.
constexpr int kSlots = 64;
constexpr std::size_t kPathBytes = 4096;
std::atomic<int> g_used[kSlots];
char g_paths[kSlots][kPathBytes];
static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

extern "C" void on_stop_signal(int signal) {
  if (g_signal == signal) {
    // Asked twice: stop now, the default way.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  g_signal = signal;
  for (int k = 0; k < kSlots; ++k) {
    if (g_used[k].load(std::memory_order_acquire) == 1) unlink(g_paths[k]);
  }
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;  // system calls resume; the flag is checked later
  for (const int s : {SIGTERM, SIGINT, SIGHUP}) sigaction(s, &action, nullptr);
}

int pending_interrupt() { return g_signal; }

void throw_if_interrupted() {
  if (const int signal = g_signal) throw Interrupted(signal);
}

void check_interrupt(MPI_Comm comm) {
  int mine = g_signal, any = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, comm));
  if (any != 0) throw Interrupted(any, true);
}

int register_temporary(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int k = 0; k < kSlots; ++k) {
    int expected = 0;
    // 2 = being written: the handler skips the slot until it is published as 1.
    if (g_used[k].compare_exchange_strong(expected, 2, std::memory_order_acq_rel)) {
      std::memcpy(g_paths[k], path.c_str(), path.size() + 1);
      g_used[k].store(1, std::memory_order_release);
      return k;
    }
  }
  return -1;
}

void forget_temporary(int ticket) noexcept {
  if (ticket >= 0 && ticket < kSlots) g_used[ticket].store(0, std::memory_order_release);
}

void simulate_interrupt(int signal) { g_signal = signal; }
void clear_interrupt() { g_signal = 0; }

}  // namespace leontief::io
