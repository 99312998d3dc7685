#include "app/interrupt.h"

#include <csignal>

namespace tessera {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
struct sigaction g_old_int, g_old_term;

extern "C" void on_interrupt(int sig) {
  // Only lock-free atomics and sigaction here: async-signal-safe.
  g_signal = sig;
  g_interrupted = true;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, nullptr);  // a second signal ends the process the usual way
}

}  // namespace

InterruptGuard::InterruptGuard() {
  static_assert(std::atomic<bool>::is_always_lock_free, "the signal flag must be lock-free");
  g_interrupted = false;
  g_signal = 0;
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::flag() const { return g_interrupted; }
int InterruptGuard::signal() const { return g_signal; }

}  // namespace tessera
