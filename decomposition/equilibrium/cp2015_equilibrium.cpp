#include "decomposition/equilibrium/cp2015_equilibrium.hpp"

#include <petscksp.h>
#include <petscsnes.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "io/runtime/error.hpp"
#include "io/runtime/log.hpp"
#include "solver/economy_partition.hpp"
#include "solver/petsc_error.hpp"
#include "solver/petsc_handles.hpp"

namespace leontief::decomposition::cp2015 {

BaseState base_state(const ModelInputs& in, std::vector<double> flows,
                     std::vector<double> tariffs) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  BaseState b;
  b.flows = std::move(flows);
  b.tariffs = std::move(tariffs);
  b.expenditure.assign(N * J, 0.0);
  b.shares.assign(J * N * N, 0.0);
  b.gross_output.assign(N * J, 0.0);
  b.value_added.assign(N, 0.0);
  b.surplus.assign(N, 0.0);
  b.tariff_revenue.assign(N, 0.0);
  b.income.assign(N, 0.0);
  std::vector<double> purchases(N, 0.0);  // Σ_j Σ_i flows^j_{ni}, domestic included
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t n = 0; n < N; ++n) {
      double x = 0;
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = in.flow_index(j, n, i);
        x += b.flows[k] * (1 + b.tariffs[k]);
        purchases[n] += b.flows[k];
        b.tariff_revenue[n] += b.tariffs[k] * b.flows[k];
        b.gross_output[i * J + j] += b.flows[k];
      }
      b.expenditure[n * J + j] = x;
      if (x > 0) {
        for (std::size_t i = 0; i < N; ++i) {
          const std::size_t k = in.flow_index(j, n, i);
          b.shares[k] = b.flows[k] * (1 + b.tariffs[k]) / x;
        }
      }
    }
  }
  for (std::size_t n = 0; n < N; ++n) {
    double sales = 0;
    for (std::size_t j = 0; j < J; ++j) {
      b.value_added[n] += in.value_added_share[n * J + j] * b.gross_output[n * J + j];
      sales += b.gross_output[n * J + j];
    }
    b.surplus[n] = sales - purchases[n];
    b.income[n] = b.value_added[n] + b.tariff_revenue[n] - b.surplus[n];
  }
  return b;
}

std::vector<double> calibrate_final_shares(const ModelInputs& in, const BaseState& base) {
  const std::size_t N = in.region_count(), J = in.sector_count();
  std::vector<double> alpha(N * J, 0.0);
  for (std::size_t n = 0; n < N; ++n) {
    double total = 0;
    for (std::size_t j = 0; j < J; ++j) {
      double intermediate = 0;
      for (std::size_t k = 0; k < J; ++k) {
        intermediate += in.input_share[(n * J + j) * J + k] *
                        (1 - in.value_added_share[n * J + k]) * base.gross_output[n * J + k];
      }
      alpha[n * J + j] = std::max(0.0, base.expenditure[n * J + j] - intermediate);
      total += alpha[n * J + j];
    }
    if (!(total > 0)) {
      throw InputError("economy " + in.regions[n] +
                       ": no positive final demand (expenditure minus intermediate use); cannot "
                       "calibrate final-demand shares");
    }
    for (std::size_t j = 0; j < J; ++j) alpha[n * J + j] /= total;
  }
  return alpha;
}

namespace {

using NonlinearSolver = solver::PetscHandle<SNES, SNESDestroy>;
using Scatter = solver::PetscHandle<VecScatter, VecScatterDestroy>;

/// Scoped read-only VecGetArrayRead/VecRestoreArrayRead.
class ReadArray {
 public:
  explicit ReadArray(Vec v) : v_(v) { LEONTIEF_CHECK_PETSC(VecGetArrayRead(v_, &data_)); }
  ReadArray(const ReadArray&) = delete;
  ReadArray& operator=(const ReadArray&) = delete;
  ~ReadArray() { VecRestoreArrayRead(v_, &data_); }
  const PetscScalar* data() const { return data_; }

 private:
  Vec v_;
  const PetscScalar* data_ = nullptr;
};

class EquilibriumSolver {
 public:
  EquilibriumSolver(MPI_Comm comm, const ModelInputs& in, const std::vector<double>& alpha,
                    const BaseState& base, const std::vector<double>& counterfactual_tariffs,
                    const std::vector<double>& surplus, const SolverOptions& options);

  Equilibrium solve();

 private:
  // One evaluation of the trade-balance residual at wages w (local entries); updates the
  // whole state (costs, prices, shares, expenditure).
  void evaluate(const double* w_local, double* residual_local);
  void costs_from_prices();
  void solve_prices();
  void compute_shares();
  void solve_expenditure();
  /// y = (I − Ω) x on the local rows; x_all is x gathered on every rank.
  void apply(const double* x_all, const double* x_local, double* y_local) const;
  /// Sales Y_n^k of the local economies given all expenditures.
  void sales(const double* x_all, std::vector<double>& y_local) const;
  void gather_blocks(const std::vector<double>& local, std::vector<double>& all,
                     std::size_t block) const;
  Equilibrium collect() const;
  void solve_newton(Equilibrium& out);
  void solve_fixed_point(Equilibrium& out);

  static PetscErrorCode shell_mult(Mat a, Vec x, Vec y);
  static PetscErrorCode shell_diagonal(Mat a, Vec d);
  static PetscErrorCode residual_function(SNES snes, Vec w, Vec f, void* context);

  MPI_Comm comm_;
  const ModelInputs& in_;
  const SolverOptions& options_;
  std::size_t N_, J_, n0_, nl_;
  std::vector<int> region_counts_, region_displs_;  // economies per rank

  // Local economies a = 0..nl-1 (economy n0 + a) as importers: rows [(j·nl + a)·N + i];
  // as exporters: columns [(j·nl + b)·N + n] for exporter n0 + b and importer n.
  std::vector<double> row_weight_, row_inverse_tariff_;  // π (κ̂)^{−θ}, 1/(1+τ')
  std::vector<double> col_weight_, col_inverse_tariff_;
  std::vector<double> beta_, gamma_, alpha_;   // local economies
  std::vector<double> value_added_, surplus_;  // all economies (VA), local (S)
  double world_value_added_ = 0;

  // State.
  std::vector<double> wage_all_;
  std::vector<double> price_local_, cost_local_, cost_all_, cost_power_all_;
  std::vector<double> dsum_local_, dsum_all_;
  std::vector<double> share_row_, factor_local_, sold_col_;  // π', F', π'/(1+τ') by exporter
  double last_balance_ = 0;    // max_n |E − M − S| / VA at the last evaluation
  double last_numeraire_ = 0;  // Σ VA ŵ / Σ VA − 1 at the last evaluation

  solver::Vector x_, b_, x_all_;
  Scatter to_all_;
  solver::Matrix operator_;
  solver::LinearSolver ksp_;

  // Counters.
  int evaluations_ = 0;
  long price_iterations_ = 0, expenditure_iterations_ = 0;
  std::exception_ptr failure_;
};

EquilibriumSolver::EquilibriumSolver(MPI_Comm comm, const ModelInputs& in,
                                     const std::vector<double>& alpha, const BaseState& base,
                                     const std::vector<double>& counterfactual_tariffs,
                                     const std::vector<double>& surplus,
                                     const SolverOptions& options)
    : comm_(comm), in_(in), options_(options), N_(in.region_count()), J_(in.sector_count()) {
  int rank = 0, size = 1;
  LEONTIEF_CHECK_MPI(MPI_Comm_rank(comm_, &rank));
  LEONTIEF_CHECK_MPI(MPI_Comm_size(comm_, &size));
  const solver::EconomyPartition part(N_, J_, size, rank);
  n0_ = part.first_region();
  nl_ = part.region_count();
  region_counts_.resize(size);
  region_displs_.resize(size);
  for (int r = 0; r < size; ++r) {
    const solver::EconomyPartition p(N_, J_, size, r);
    region_counts_[r] = static_cast<int>(p.region_count());
    region_displs_[r] = static_cast<int>(p.first_region());
  }

  const std::size_t N = N_, J = J_, nl = nl_;
  row_weight_.assign(J * nl * N, 0.0);
  row_inverse_tariff_.assign(J * nl * N, 1.0);
  col_weight_.assign(J * nl * N, 0.0);
  col_inverse_tariff_.assign(J * nl * N, 1.0);
  // The same expression for an (importer, exporter) pair in both layouts, so both hold
  // bitwise the same numbers.
  const auto weight = [&](std::size_t j, std::size_t n, std::size_t i) {
    const std::size_t k = in.flow_index(j, n, i);
    const double kappa_hat = (1 + counterfactual_tariffs[k]) / (1 + base.tariffs[k]);
    return base.shares[k] * std::pow(kappa_hat, -in.theta[j]);
  };
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t a = 0; a < nl; ++a) {
      for (std::size_t m = 0; m < N; ++m) {
        const std::size_t local = (j * nl + a) * N + m;
        // economy n0+a importing from m
        row_weight_[local] = weight(j, n0_ + a, m);
        row_inverse_tariff_[local] = 1 / (1 + counterfactual_tariffs[in.flow_index(j, n0_ + a, m)]);
        // economy n0+a exporting to m
        col_weight_[local] = weight(j, m, n0_ + a);
        col_inverse_tariff_[local] = 1 / (1 + counterfactual_tariffs[in.flow_index(j, m, n0_ + a)]);
      }
    }
  }
  beta_.assign(in.value_added_share.begin() + static_cast<long>(n0_ * J),
               in.value_added_share.begin() + static_cast<long>((n0_ + nl) * J));
  gamma_.assign(in.input_share.begin() + static_cast<long>(n0_ * J * J),
                in.input_share.begin() + static_cast<long>((n0_ + nl) * J * J));
  alpha_.assign(alpha.begin() + static_cast<long>(n0_ * J),
                alpha.begin() + static_cast<long>((n0_ + nl) * J));
  value_added_ = base.value_added;
  for (double v : value_added_) world_value_added_ += v;
  surplus_.assign(surplus.begin() + static_cast<long>(n0_),
                  surplus.begin() + static_cast<long>(n0_ + nl));

  wage_all_.assign(N, 1.0);
  price_local_.assign(nl * J, 1.0);
  cost_local_.assign(nl * J, 1.0);
  cost_all_.assign(N * J, 1.0);
  cost_power_all_.assign(N * J, 1.0);
  dsum_local_.assign(nl * J, 0.0);
  dsum_all_.assign(N * J, 0.0);
  share_row_.assign(J * nl * N, 0.0);
  sold_col_.assign(J * nl * N, 0.0);
  factor_local_.assign(nl * J, 0.0);

  // Expenditure system: vectors, the matrix-free operator and its GMRES solver.
  const auto local_size = static_cast<PetscInt>(nl * J);
  LEONTIEF_CHECK_PETSC(VecCreateMPI(comm_, local_size, PETSC_DETERMINE, x_.out()));
  LEONTIEF_CHECK_PETSC(VecDuplicate(x_.get(), b_.out()));
  LEONTIEF_CHECK_PETSC(VecScatterCreateToAll(x_.get(), to_all_.out(), x_all_.out()));
  {
    solver::VectorArray x(x_.get());
    for (std::size_t r = 0; r < nl * J; ++r)
      x[static_cast<PetscInt>(r)] = base.expenditure[n0_ * J + r];
  }
  LEONTIEF_CHECK_PETSC(MatCreateShell(comm_, local_size, local_size, PETSC_DETERMINE,
                                      PETSC_DETERMINE, this, operator_.out()));
  LEONTIEF_CHECK_PETSC(MatShellSetOperation(operator_.get(), MATOP_MULT,
                                            reinterpret_cast<void (*)(void)>(shell_mult)));
  LEONTIEF_CHECK_PETSC(MatShellSetOperation(operator_.get(), MATOP_GET_DIAGONAL,
                                            reinterpret_cast<void (*)(void)>(shell_diagonal)));
  LEONTIEF_CHECK_PETSC(KSPCreate(comm_, ksp_.out()));
  LEONTIEF_CHECK_PETSC(KSPSetOptionsPrefix(ksp_.get(), "tariff_expenditure_"));
  LEONTIEF_CHECK_PETSC(KSPSetOperators(ksp_.get(), operator_.get(), operator_.get()));
  LEONTIEF_CHECK_PETSC(KSPSetType(ksp_.get(), KSPGMRES));
  LEONTIEF_CHECK_PETSC(KSPGMRESSetRestart(ksp_.get(), 100));
  PC pc = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp_.get(), &pc));
  LEONTIEF_CHECK_PETSC(PCSetType(pc, PCNONE));
  LEONTIEF_CHECK_PETSC(
      KSPSetTolerances(ksp_.get(), options_.expenditure_rtol, 0.0, PETSC_DEFAULT, 10000));
  LEONTIEF_CHECK_PETSC(KSPSetInitialGuessNonzero(ksp_.get(), PETSC_TRUE));
  LEONTIEF_CHECK_PETSC(KSPSetFromOptions(ksp_.get()));
}

void EquilibriumSolver::gather_blocks(const std::vector<double>& local, std::vector<double>& all,
                                      std::size_t block) const {
  std::vector<int> counts(region_counts_.size()), displs(region_counts_.size());
  for (std::size_t r = 0; r < counts.size(); ++r) {
    counts[r] = region_counts_[r] * static_cast<int>(block);
    displs[r] = region_displs_[r] * static_cast<int>(block);
  }
  all.resize(N_ * block);
  LEONTIEF_CHECK_MPI(MPI_Allgatherv(local.data(), static_cast<int>(local.size()), MPI_DOUBLE,
                                    all.data(), counts.data(), displs.data(), MPI_DOUBLE, comm_));
}

void EquilibriumSolver::costs_from_prices() {
  const std::size_t J = J_;
  std::vector<double> log_price(J);
  for (std::size_t a = 0; a < nl_; ++a) {
    const double log_wage = std::log(wage_all_[n0_ + a]);
    for (std::size_t k = 0; k < J; ++k) log_price[k] = std::log(price_local_[a * J + k]);
    for (std::size_t j = 0; j < J; ++j) {
      double materials = 0;
      for (std::size_t k = 0; k < J; ++k) materials += gamma_[(a * J + k) * J + j] * log_price[k];
      const double beta = beta_[a * J + j];
      cost_local_[a * J + j] = std::exp(beta * log_wage + (1 - beta) * materials);
    }
  }
  gather_blocks(cost_local_, cost_all_, J);
  for (std::size_t i = 0; i < N_; ++i) {
    for (std::size_t j = 0; j < J; ++j) {
      cost_power_all_[i * J + j] = std::pow(cost_all_[i * J + j], -in_.theta[j]);
    }
  }
}

void EquilibriumSolver::solve_prices() {
  const std::size_t N = N_, J = J_, nl = nl_;
  std::vector<double> next(nl * J);
  for (int it = 1;; ++it) {
    costs_from_prices();
    double change = 0;
    for (std::size_t a = 0; a < nl; ++a) {
      for (std::size_t j = 0; j < J; ++j) {
        const double* w = &row_weight_[(j * nl + a) * N];
        double sum = 0;
        for (std::size_t i = 0; i < N; ++i) sum += w[i] * cost_power_all_[i * J + j];
        // An economy that buys nothing of a sector keeps its price (as the authors do).
        const double p = sum > 0 ? std::pow(sum, -1 / in_.theta[j]) : 1.0;
        change = std::max(change, std::abs(p - price_local_[a * J + j]));
        next[a * J + j] = p;
      }
    }
    double global_change = 0;
    LEONTIEF_CHECK_MPI(MPI_Allreduce(&change, &global_change, 1, MPI_DOUBLE, MPI_MAX, comm_));
    price_local_.swap(next);
    ++price_iterations_;
    if (!std::isfinite(global_change)) {
      throw Error(
          "trade equilibrium: the cost/price iteration produced a non-finite price "
          "(check the input shares and elasticities)",
          true);
    }
    if (global_change <= options_.price_tolerance) break;
    if (it >= options_.max_price_iterations) {
      throw Error("trade equilibrium: the cost/price fixed point did not converge in " +
                      std::to_string(it) + " iterations (last change " +
                      std::to_string(global_change) + "; solver.price_tolerance " +
                      std::to_string(options_.price_tolerance) + ")",
                  true);
    }
  }
  costs_from_prices();  // costs consistent with the converged prices
}

void EquilibriumSolver::compute_shares() {
  const std::size_t N = N_, J = J_, nl = nl_;
  for (std::size_t a = 0; a < nl; ++a) {
    for (std::size_t j = 0; j < J; ++j) {
      const double* w = &row_weight_[(j * nl + a) * N];
      double sum = 0;
      for (std::size_t i = 0; i < N; ++i) sum += w[i] * cost_power_all_[i * J + j];
      dsum_local_[a * J + j] = sum;
      price_local_[a * J + j] = sum > 0 ? std::pow(sum, -1 / in_.theta[j]) : 1.0;
    }
  }
  gather_blocks(dsum_local_, dsum_all_, J);
  for (std::size_t a = 0; a < nl; ++a) {
    for (std::size_t j = 0; j < J; ++j) {
      const double sum = dsum_local_[a * J + j];
      double factor = 0;
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t r = (j * nl + a) * N + i;
        const double share = sum > 0 ? row_weight_[r] * cost_power_all_[i * J + j] / sum : 0.0;
        share_row_[r] = share;
        factor += share * row_inverse_tariff_[r];
      }
      factor_local_[a * J + j] = factor;
    }
  }
  for (std::size_t j = 0; j < J; ++j) {
    for (std::size_t b = 0; b < nl; ++b) {
      const double power = cost_power_all_[(n0_ + b) * J + j];
      for (std::size_t n = 0; n < N; ++n) {
        const std::size_t r = (j * nl + b) * N + n;
        const double sum = dsum_all_[n * J + j];
        const double share = sum > 0 ? col_weight_[r] * power / sum : 0.0;
        sold_col_[r] = share * col_inverse_tariff_[r];
      }
    }
  }
}

void EquilibriumSolver::sales(const double* x_all, std::vector<double>& y_local) const {
  const std::size_t N = N_, J = J_, nl = nl_;
  y_local.assign(nl * J, 0.0);
  for (std::size_t b = 0; b < nl; ++b) {
    for (std::size_t k = 0; k < J; ++k) {
      const double* s = &sold_col_[(k * nl + b) * N];
      double y = 0;
      for (std::size_t n = 0; n < N; ++n) y += x_all[n * J + k] * s[n];
      y_local[b * J + k] = y;
    }
  }
}

void EquilibriumSolver::apply(const double* x_all, const double* x_local, double* y_local) const {
  const std::size_t J = J_, nl = nl_;
  std::vector<double> sold;
  sales(x_all, sold);
  for (std::size_t a = 0; a < nl; ++a) {
    double spending = 0;  // Σ_k (1 − F'_n^k) X_n^k: tariff revenue
    for (std::size_t k = 0; k < J; ++k)
      spending += (1 - factor_local_[a * J + k]) * x_local[a * J + k];
    for (std::size_t j = 0; j < J; ++j) {
      double intermediate = 0;
      for (std::size_t k = 0; k < J; ++k) {
        intermediate += gamma_[(a * J + j) * J + k] * (1 - beta_[a * J + k]) * sold[a * J + k];
      }
      y_local[a * J + j] = x_local[a * J + j] - intermediate - alpha_[a * J + j] * spending;
    }
  }
}

PetscErrorCode EquilibriumSolver::shell_mult(Mat a, Vec x, Vec y) {
  void* context = nullptr;
  PetscCall(MatShellGetContext(a, &context));
  auto* self = static_cast<EquilibriumSolver*>(context);
  PetscCall(
      VecScatterBegin(self->to_all_.get(), x, self->x_all_.get(), INSERT_VALUES, SCATTER_FORWARD));
  PetscCall(
      VecScatterEnd(self->to_all_.get(), x, self->x_all_.get(), INSERT_VALUES, SCATTER_FORWARD));
  const PetscScalar *x_all = nullptr, *x_local = nullptr;
  PetscScalar* y_local = nullptr;
  PetscCall(VecGetArrayRead(self->x_all_.get(), &x_all));
  PetscCall(VecGetArrayRead(x, &x_local));
  PetscCall(VecGetArray(y, &y_local));
  self->apply(x_all, x_local, y_local);
  PetscCall(VecRestoreArray(y, &y_local));
  PetscCall(VecRestoreArrayRead(x, &x_local));
  PetscCall(VecRestoreArrayRead(self->x_all_.get(), &x_all));
  return 0;
}

PetscErrorCode EquilibriumSolver::shell_diagonal(Mat a, Vec d) {
  void* context = nullptr;
  PetscCall(MatShellGetContext(a, &context));
  auto* self = static_cast<EquilibriumSolver*>(context);
  const std::size_t N = self->N_, J = self->J_, nl = self->nl_;
  PetscScalar* diag = nullptr;
  PetscCall(VecGetArray(d, &diag));
  for (std::size_t b = 0; b < nl; ++b) {
    for (std::size_t j = 0; j < J; ++j) {
      const double own = self->sold_col_[(j * nl + b) * N + self->n0_ + b];
      diag[b * J + j] = 1 - self->gamma_[(b * J + j) * J + j] * (1 - self->beta_[b * J + j]) * own -
                        self->alpha_[b * J + j] * (1 - self->factor_local_[b * J + j]);
    }
  }
  PetscCall(VecRestoreArray(d, &diag));
  return 0;
}

void EquilibriumSolver::solve_expenditure() {
  {
    solver::VectorArray b(b_.get());
    for (std::size_t a = 0; a < nl_; ++a) {
      const double income = wage_all_[n0_ + a] * value_added_[n0_ + a] - surplus_[a];
      for (std::size_t j = 0; j < J_; ++j) {
        b[static_cast<PetscInt>(a * J_ + j)] = alpha_[a * J_ + j] * income;
      }
    }
  }
  LEONTIEF_CHECK_PETSC(KSPSolve(ksp_.get(), b_.get(), x_.get()));
  KSPConvergedReason reason;
  LEONTIEF_CHECK_PETSC(KSPGetConvergedReason(ksp_.get(), &reason));
  PetscInt its = 0;
  LEONTIEF_CHECK_PETSC(KSPGetIterationNumber(ksp_.get(), &its));
  expenditure_iterations_ += its;
  if (reason < 0) {
    PetscReal norm = 0;
    KSPGetResidualNorm(ksp_.get(), &norm);
    throw Error("trade equilibrium: the expenditure system (GMRES) did not converge: " +
                    std::string(KSPConvergedReasons[reason]) + " after " + std::to_string(its) +
                    " iterations, residual norm " + std::to_string(norm) +
                    " (options -tariff_expenditure_ksp_*)",
                true);
  }
}

void EquilibriumSolver::evaluate(const double* w_local, double* residual_local) {
  ++evaluations_;
  std::vector<double> local(w_local, w_local + nl_);
  int bad = 0;
  for (double w : local) bad |= !(w > 0) || !std::isfinite(w);
  gather_blocks(local, wage_all_, 1);
  int any_bad = 0;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&bad, &any_bad, 1, MPI_INT, MPI_MAX, comm_));
  if (any_bad) {
    throw Error(std::string("trade equilibrium: a wage change left the positive range (the "
                            "wage iteration diverged; ") +
                    (options_.method == SolverOptions::Method::newton
                         ? "try --solver.method fixed_point)"
                         : "try a smaller --solver.damping or --solver.method newton)"),
                true);
  }
  solve_prices();
  compute_shares();
  solve_expenditure();

  LEONTIEF_CHECK_PETSC(
      VecScatterBegin(to_all_.get(), x_.get(), x_all_.get(), INSERT_VALUES, SCATTER_FORWARD));
  LEONTIEF_CHECK_PETSC(
      VecScatterEnd(to_all_.get(), x_.get(), x_all_.get(), INSERT_VALUES, SCATTER_FORWARD));
  std::vector<double> sold;
  {
    ReadArray x_all(x_all_.get());
    sales(x_all.data(), sold);
  }
  double scaled_wages = 0;
  for (std::size_t n = 0; n < N_; ++n) scaled_wages += value_added_[n] * wage_all_[n];
  const double numeraire = scaled_wages / world_value_added_ - 1;
  last_numeraire_ = numeraire;
  double worst = 0;
  ReadArray x(x_.get());
  for (std::size_t a = 0; a < nl_; ++a) {
    double exports = 0, imports = 0;  // both including domestic sales, which cancel
    for (std::size_t k = 0; k < J_; ++k) {
      exports += sold[a * J_ + k];
      imports += x.data()[a * J_ + k] * factor_local_[a * J_ + k];
    }
    const double balance = (exports - imports - surplus_[a]) / value_added_[n0_ + a];
    worst = std::max(worst, std::abs(balance));
    residual_local[a] = balance + numeraire;
  }
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&worst, &last_balance_, 1, MPI_DOUBLE, MPI_MAX, comm_));
}

PetscErrorCode EquilibriumSolver::residual_function(SNES, Vec w, Vec f, void* context) {
  auto* self = static_cast<EquilibriumSolver*>(context);
  try {
    ReadArray wages(w);
    solver::VectorArray residual(f);
    self->evaluate(wages.data(), residual.data());
  } catch (...) {
    self->failure_ = std::current_exception();
    return PETSC_ERR_USER;
  }
  return 0;
}

void EquilibriumSolver::solve_newton(Equilibrium& out) {
  solver::Vector w, f;
  LEONTIEF_CHECK_PETSC(VecCreateMPI(comm_, static_cast<PetscInt>(nl_), PETSC_DETERMINE, w.out()));
  LEONTIEF_CHECK_PETSC(VecDuplicate(w.get(), f.out()));
  LEONTIEF_CHECK_PETSC(VecSet(w.get(), 1.0));
  NonlinearSolver snes;
  LEONTIEF_CHECK_PETSC(SNESCreate(comm_, snes.out()));
  LEONTIEF_CHECK_PETSC(SNESSetOptionsPrefix(snes.get(), "tariff_"));
  LEONTIEF_CHECK_PETSC(SNESSetType(snes.get(), SNESNEWTONLS));
  LEONTIEF_CHECK_PETSC(SNESSetFunction(snes.get(), f.get(), residual_function, this));
  // Matrix-free Newton–Krylov: the Jacobian of the trade-balance residual is applied by
  // finite differences of residual evaluations; N is small, so GMRES needs no preconditioner.
  solver::Matrix jacobian;
  LEONTIEF_CHECK_PETSC(MatCreateSNESMF(snes.get(), jacobian.out()));
  LEONTIEF_CHECK_PETSC(
      SNESSetJacobian(snes.get(), jacobian.get(), jacobian.get(), MatMFFDComputeJacobian, nullptr));
  KSP ksp = nullptr;
  LEONTIEF_CHECK_PETSC(SNESGetKSP(snes.get(), &ksp));
  LEONTIEF_CHECK_PETSC(KSPSetType(ksp, KSPGMRES));
  LEONTIEF_CHECK_PETSC(
      KSPGMRESSetRestart(ksp, std::max<PetscInt>(30, static_cast<PetscInt>(N_) + 1)));
  LEONTIEF_CHECK_PETSC(KSPSetTolerances(ksp, 1e-10, 0.0, PETSC_DEFAULT, 1000));
  PC pc = nullptr;
  LEONTIEF_CHECK_PETSC(KSPGetPC(ksp, &pc));
  LEONTIEF_CHECK_PETSC(PCSetType(pc, PCNONE));
  LEONTIEF_CHECK_PETSC(SNESSetTolerances(snes.get(), options_.tolerance, 0.0, 0.0,
                                         options_.max_iterations, 1000000));
  LEONTIEF_CHECK_PETSC(SNESSetFromOptions(snes.get()));
  const PetscErrorCode rc = SNESSolve(snes.get(), nullptr, w.get());
  if (failure_) std::rethrow_exception(failure_);
  LEONTIEF_CHECK_PETSC(rc);
  SNESConvergedReason reason;
  LEONTIEF_CHECK_PETSC(SNESGetConvergedReason(snes.get(), &reason));
  PetscInt its = 0, linear = 0;
  LEONTIEF_CHECK_PETSC(SNESGetIterationNumber(snes.get(), &its));
  LEONTIEF_CHECK_PETSC(SNESGetLinearSolveIterations(snes.get(), &linear));
  out.iterations = static_cast<int>(its);
  out.linear_iterations = linear;
  // The state must belong to the solution (the last evaluation may have been a trial point).
  {
    ReadArray wages(w.get());
    solver::VectorArray residual(f.get());
    evaluate(wages.data(), residual.data());
  }
  if (reason < 0) {
    throw Error("trade equilibrium: Newton (SNES) did not converge: " +
                    std::string(SNESConvergedReasons[reason]) + " after " + std::to_string(its) +
                    " iterations, trade-balance residual " + std::to_string(last_balance_) +
                    " (try --solver.method fixed_point, or -tariff_snes_* options)",
                true);
  }
}

void EquilibriumSolver::solve_fixed_point(Equilibrium& out) {
  // The authors' wage iteration: ŵ_n ← ŵ_n + damping · (E_n − M_n − S_n) / w_nL_n.
  std::vector<double> w(nl_, 1.0), residual(nl_, 0.0);
  for (int it = 0;; ++it) {
    evaluate(w.data(), residual.data());
    out.iterations = it;
    if (last_balance_ <= options_.tolerance) break;
    if (it >= options_.max_iterations) {
      throw Error("trade equilibrium: the damped wage iteration did not converge in " +
                      std::to_string(it) + " iterations (trade-balance residual " +
                      std::to_string(last_balance_) +
                      "; raise solver.max_iterations or use "
                      "solver.method newton)",
                  true);
    }
    // The step uses the trade balance alone: it keeps Σ_n w_nL_n ŵ_n unchanged by itself.
    for (std::size_t a = 0; a < nl_; ++a)
      w[a] += options_.damping * (residual[a] - last_numeraire_);
    if (it > 0 && it % 1000 == 0) {
      log::debug("  wage iteration " + std::to_string(it) + ": trade-balance residual " +
                 std::to_string(last_balance_));
    }
  }
}

Equilibrium EquilibriumSolver::collect() const {
  const std::size_t N = N_, J = J_, nl = nl_;
  Equilibrium e;
  e.wage_hat = wage_all_;
  e.cost_hat = cost_all_;
  gather_blocks(price_local_, e.price_hat, J);
  {
    ReadArray x_all(x_all_.get());
    e.expenditure.assign(x_all.data(), x_all.data() + N * J);
  }
  // Shares: local importer rows (economy-major here), gathered, then sector-major.
  std::vector<double> local(nl * J * N), all;
  for (std::size_t a = 0; a < nl; ++a) {
    for (std::size_t j = 0; j < J; ++j) {
      for (std::size_t i = 0; i < N; ++i)
        local[(a * J + j) * N + i] = share_row_[(j * nl + a) * N + i];
    }
  }
  gather_blocks(local, all, J * N);
  e.shares.assign(J * N * N, 0.0);
  e.flows.assign(J * N * N, 0.0);
  for (std::size_t n = 0; n < N; ++n) {
    for (std::size_t j = 0; j < J; ++j) {
      for (std::size_t i = 0; i < N; ++i) {
        const std::size_t k = in_.flow_index(j, n, i);
        e.shares[k] = all[(n * J + j) * N + i];
      }
    }
  }
  return e;
}

Equilibrium EquilibriumSolver::solve() {
  const double start = MPI_Wtime();
  Equilibrium result;
  if (options_.method == SolverOptions::Method::newton) {
    solve_newton(result);
  } else {
    solve_fixed_point(result);
  }
  Equilibrium e = collect();
  e.method = options_.method == SolverOptions::Method::newton ? "newton" : "fixed_point";
  e.iterations = result.iterations;
  e.linear_iterations = result.linear_iterations;
  e.function_evaluations = evaluations_;
  e.price_iterations = price_iterations_;
  e.expenditure_iterations = expenditure_iterations_;
  e.residual = last_balance_;
  // One value on every rank (it goes into the result file's metadata, written collectively).
  const double seconds = MPI_Wtime() - start;
  LEONTIEF_CHECK_MPI(MPI_Allreduce(&seconds, &e.seconds, 1, MPI_DOUBLE, MPI_MAX, comm_));
  return e;
}

}  // namespace

Equilibrium solve_equilibrium(MPI_Comm comm, const ModelInputs& in,
                              const std::vector<double>& final_shares, const BaseState& base,
                              const std::vector<double>& counterfactual_tariffs,
                              const std::vector<double>& surplus, const SolverOptions& options) {
  EquilibriumSolver solver(comm, in, final_shares, base, counterfactual_tariffs, surplus, options);
  Equilibrium e = solver.solve();
  for (std::size_t j = 0; j < in.sector_count(); ++j) {
    for (std::size_t n = 0; n < in.region_count(); ++n) {
      for (std::size_t i = 0; i < in.region_count(); ++i) {
        const std::size_t k = in.flow_index(j, n, i);
        e.flows[k] = e.expenditure[n * in.sector_count() + j] * e.shares[k] /
                     (1 + counterfactual_tariffs[k]);
      }
    }
  }
  return e;
}

}  // namespace leontief::decomposition::cp2015
