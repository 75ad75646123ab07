#include "decomposition/dynamic/ario_parameters.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/runtime/error.hpp"
#include "io/text/csv_fields.hpp"

namespace leontief::decomposition {

using io::Parameter;

void add_ario_parameters(io::ParameterSet& set) {
  set.add({"dynamic.days", Parameter::Type::integer, "365", "days",
           "days simulated (one step per day; events start on day 0 or later)"},
          io::Range::between(1, 100000));
  set.add({"dynamic.days_per_year", Parameter::Type::real, "365", "days",
           "the table's flows are per year: a day's flow is the annual flow / this (BoARIO "
           "iotable_year_to_temporal_unit_factor)"},
          io::Range::above(0));
  set.add({"dynamic.inventory_days", Parameter::Type::text, "90", "days",
           "target inventory of every input product, in days of use at current output "
           "(BoARIO main_inv_dur; inf: never constrains)"});
  set.add({"dynamic.inventory_days_by_sector", Parameter::Type::text, "", "",
           "targets of some products, e.g. \"c17:3,c18:inf\" (non-stockable electricity: a few "
           "days; inf: the input never constrains output); others take dynamic.inventory_days"});
  set.add({"dynamic.psi", Parameter::Type::real, "0.8", "",
           "ψ: output is cut in proportion once an inventory falls below ψ × its target "
           "(Hallegatte 2014; BoARIO psi_param)"},
          io::Range::above_up_to(0, 1));
  set.add({"dynamic.inventory_restoration_days", Parameter::Type::real, "60", "days",
           "τ_inv: each day an industry orders 1/τ_inv of its inventory gap on top of the inputs "
           "it used (BoARIO inventory_restoration_tau)"},
          io::Range::above(0));
  set.add({"dynamic.alpha_max", Parameter::Type::real, "1.25", "",
           "maximum overproduction: capacity can rise to this multiple of the undamaged capacity "
           "while demand exceeds output (Hallegatte 2008; BoARIO alpha_max; 1 turns it off)"},
          io::Range::at_least(1));
  set.add({"dynamic.alpha_days", Parameter::Type::real, "365", "days",
           "τ_α: time scale of overproduction (Hallegatte 2008; BoARIO alpha_tau)"},
          io::Range::above(0));
  set.add({"dynamic.rebuild_days", Parameter::Type::real, "60", "days",
           "τ_R: reconstruction demand per day = remaining damage / τ_R (BoARIO rebuild_tau)"},
          io::Range::above(0));
  set.add({"dynamic.capital_to_value_added", Parameter::Type::real, "4", "",
           "κ: an industry's capital stock is κ × its annual value added (Hallegatte 2008; "
           "BoARIO's default ratio)"},
          io::Range::above(0));
  set.add({"dynamic.order_rule", Parameter::Type::text, "capacity", "",
           "how an order for a product is split over its suppliers: capacity (initial shares "
           "weighted by each supplier's current capacity; Guan et al. 2020, BoARIO \"alt\") or "
           "initial (initial shares; Hallegatte 2013, BoARIO \"noalt\")",
           false, {"capacity", "initial"}});
  set.add({"dynamic.input_threshold", Parameter::Type::real, "1e-5", "",
           "inputs whose coefficient a_pj (product p per unit of j's output) is below this never "
           "constrain j's output (BoARIO TECHNOLOGY_THRESHOLD)"},
          io::Range{0.0, 1.0, false, true});
  set.add({"dynamic.recovery_tolerance", Parameter::Type::real, "0.001", "relative",
           "days to recovery: output counts as recovered once it stays within this share of "
           "its pre-event level until the last day"},
          io::Range::above(0));
  set.add({"dynamic.series", Parameter::Type::text, "economy", "",
           "daily series of scenarios: economy (sums by economy), sector (every economy-sector, "
           "and the economy sums) or none",
           false, {"sector", "economy", "none"}});
  set.add({"dynamic.ensemble_series", Parameter::Type::text, "none", "",
           "daily series of every ensemble draw: economy (sums by economy) or none",
           false, {"economy", "none"}});
  set.add({"dynamic.series_every", Parameter::Type::integer, "1", "days",
           "thinning of the daily series: record every k-th day (and the last day)"},
          io::Range::at_least(1));
  set.add({"dynamic.quantiles", Parameter::Type::text, "0.05,0.5,0.95", "",
           "quantiles of the ensembles' losses by economy (comma-separated, in [0, 1])"});
}

const char* series_level_name(SeriesLevel level) {
  switch (level) {
    case SeriesLevel::sector:
      return "sector";
    case SeriesLevel::economy:
      return "economy";
    case SeriesLevel::none:
      return "none";
  }
  return "?";
}

namespace {

/// A number of days that may be "inf".
bool parse_days(std::string_view text, double& days) {
  text = io::csv::trim(text);
  if (text == "inf" || text == "Inf" || text == "infinity") {
    days = std::numeric_limits<double>::infinity();
    return true;
  }
  const auto r = std::from_chars(text.data(), text.data() + text.size(), days);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && std::isfinite(days);
}

/// A step is one day: a target of at most one day would be used up within a step.
void check_inventory_days(double days, const std::string& what) {
  if (!(days > 1)) {
    throw InputError(what + ": an inventory target must exceed one day (one step), got " +
                     io::csv::format_number(days) + " (BoARIO raises such targets to 2 days)");
  }
}

SeriesLevel parse_series(const std::string& text) {
  if (text == "sector") return SeriesLevel::sector;
  if (text == "economy") return SeriesLevel::economy;
  return SeriesLevel::none;
}

}  // namespace

// The numeric options' ranges are the registry's (add_ario_parameters), checked when each value
// is set; what is checked here is what a range cannot say.
ArioParameters ario_parameters(const io::ParameterSet& options, const io::TableLabels& labels) {
  ArioParameters p;
  p.days = static_cast<std::size_t>(options.integer("dynamic.days"));
  p.days_per_year = options.real("dynamic.days_per_year");

  double base = 0;
  if (!parse_days(options.text("dynamic.inventory_days"), base)) {
    throw InputError("dynamic.inventory_days: expected a number of days or inf, got '" +
                     options.text("dynamic.inventory_days") + "'");
  }
  check_inventory_days(base, "dynamic.inventory_days");
  p.inventory_days.assign(labels.sector_count(), base);
  for (const auto& item : io::csv::split_list(options.text("dynamic.inventory_days_by_sector"))) {
    const std::size_t colon = item.rfind(':');
    double d = 0;
    if (colon == std::string::npos || !parse_days(std::string_view(item).substr(colon + 1), d)) {
      throw InputError("dynamic.inventory_days_by_sector: expected SECTOR:DAYS (DAYS a number "
                       "or inf), got '" + item + "'");
    }
    const std::string sector = item.substr(0, colon);
    const auto it = std::find(labels.sectors.begin(), labels.sectors.end(), sector);
    if (it == labels.sectors.end()) {
      throw InputError("dynamic.inventory_days_by_sector: unknown sector '" + sector + "'");
    }
    check_inventory_days(d, "dynamic.inventory_days_by_sector (" + sector + ")");
    p.inventory_days[static_cast<std::size_t>(it - labels.sectors.begin())] = d;
  }

  p.psi = options.real("dynamic.psi");
  p.inventory_restoration_days = options.real("dynamic.inventory_restoration_days");
  p.alpha_max = options.real("dynamic.alpha_max");
  p.alpha_days = options.real("dynamic.alpha_days");
  p.rebuild_days = options.real("dynamic.rebuild_days");
  p.capital_to_value_added = options.real("dynamic.capital_to_value_added");
  p.order_rule = options.text("dynamic.order_rule") == "initial" ? OrderRule::initial
                                                                 : OrderRule::capacity;
  p.input_threshold = options.real("dynamic.input_threshold");
  p.recovery_tolerance = options.real("dynamic.recovery_tolerance");
  p.series = parse_series(options.text("dynamic.series"));
  p.ensemble_series = parse_series(options.text("dynamic.ensemble_series"));
  p.series_every = static_cast<std::size_t>(options.integer("dynamic.series_every"));
  p.quantiles.clear();
  for (const auto& item : io::csv::split_list(options.text("dynamic.quantiles"))) {
    double q = 0;
    const auto r = std::from_chars(item.data(), item.data() + item.size(), q);
    if (r.ec != std::errc() || r.ptr != item.data() + item.size() || !(q >= 0 && q <= 1)) {
      throw InputError("dynamic.quantiles: '" + item + "' is not a number in [0, 1]");
    }
    p.quantiles.push_back(q);
  }
  if (p.quantiles.empty()) throw InputError("dynamic.quantiles: give at least one quantile");
  return p;
}

}  // namespace leontief::decomposition
