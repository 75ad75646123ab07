#include "decomposition/dynamic/ario_events.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "io/runtime/error.hpp"

namespace leontief::decomposition {

double ArioEvent::profile(std::size_t day) const {
  if (day < start) return 0;
  if (day < start + duration) return 1;
  const double k = static_cast<double>(day - (start + duration) + 1);  // day k of recovery
  const double r = static_cast<double>(recovery_days);
  switch (recovery) {
    case io::RecoveryRule::linear:
      return k >= r ? 0.0 : 1.0 - k / r;
    case io::RecoveryRule::exponential:
      return std::pow(1.0 - 1.0 / r, k);
    case io::RecoveryRule::none:
    case io::RecoveryRule::rebuild:
      break;
  }
  return 0;
}

std::size_t first_event_day(const std::vector<ArioEvent>& events) {
  std::size_t first = events.empty() ? 0 : events.front().start;
  for (const auto& e : events) first = std::min(first, e.start);
  return first;
}

namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::uint64_t draw_seed(std::uint64_t seed, std::uint64_t draw) {
  std::uint64_t state = seed;
  const std::uint64_t a = splitmix64(state);
  state = a ^ draw;
  return splitmix64(state);
}

std::string percent(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g%%", 100 * v);
  return text;
}

std::string number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

std::size_t day_count(double v) { return static_cast<std::size_t>(std::llround(std::max(0.0, v))); }

std::string describe(const ArioEvent& e, const io::TableLabels& labels) {
  std::string text = io::event_kind_name(e.kind);
  text += " ";
  if (e.rows.size() <= 4) {
    for (std::size_t k = 0; k < e.rows.size(); ++k) {
      text += (k ? "," : "") + labels.regions[labels.region_of_row(e.rows[k])] + ":" +
              labels.sectors[labels.sector_of_row(e.rows[k])];
    }
  } else {
    std::set<std::size_t> regions;
    for (auto r : e.rows) regions.insert(labels.region_of_row(r));
    text += std::to_string(e.rows.size()) + " sectors of ";
    std::size_t k = 0;
    for (auto g : regions) {
      if (k == 6) {
        text += ",...";
        break;
      }
      text += (k++ ? "," : "") + labels.regions[g];
    }
  }
  const auto [lo, hi] = std::minmax_element(e.values.begin(), e.values.end());
  if (e.kind == io::DynamicEventKind::capital) {
    double total = 0;
    for (double v : e.values) total += v;
    text += " capital " + number(total);
  } else {
    text += std::string(e.kind == io::DynamicEventKind::capacity ? " loss " : " change ") +
            percent(*lo) + (*hi != *lo ? ".." + percent(*hi) : "");
  }
  text += " from day " + std::to_string(e.start) + " for " + std::to_string(e.duration) + " d";
  if (e.recovery == io::RecoveryRule::linear || e.recovery == io::RecoveryRule::exponential) {
    text += ", " + std::string(io::recovery_name(e.recovery)) + " recovery over " +
            std::to_string(e.recovery_days) + " d";
  } else if (e.recovery == io::RecoveryRule::rebuild) {
    text += ", rebuilt";
  }
  return text;
}

ArioEvent realize(const io::DynamicEventSpec& spec, DrawGenerator& random,
                  const EventContext& context) {
  const auto& labels = context.labels;
  const std::size_t N = labels.sector_count();
  ArioEvent e;
  e.kind = spec.kind;
  e.partners = spec.partners;
  e.recovery = spec.recovery;
  e.rebuilding = spec.rebuilding;

  std::vector<std::size_t> regions = spec.regions;
  if (spec.region_pick == io::Pick::one) {
    const auto k = static_cast<std::size_t>(random.uniform() * static_cast<double>(regions.size()));
    regions = {regions[std::min(k, regions.size() - 1)]};
  }
  const double common = random.value(spec.value);
  e.start = day_count(random.value(spec.start));
  e.duration = day_count(random.value(spec.duration));
  if (spec.recovery == io::RecoveryRule::linear || spec.recovery == io::RecoveryRule::exponential) {
    e.recovery_days = std::max<std::size_t>(1, day_count(random.value(spec.recovery_days)));
  }

  std::vector<std::pair<std::size_t, double>> hit;  // row, value as written
  for (const std::size_t g : regions) {
    std::vector<std::size_t> sectors = spec.sectors;
    if (spec.sector_pick == io::Pick::one) {
      const auto k = static_cast<std::size_t>(random.uniform() * static_cast<double>(sectors.size()));
      sectors = {sectors[std::min(k, sectors.size() - 1)]};
    } else if (spec.sector_pick == io::Pick::largest) {
      std::size_t best = sectors.front();
      for (const std::size_t k : sectors) {
        if (context.gross_output[g * N + k] > context.gross_output[g * N + best]) best = k;
      }
      sectors = {best};
    }
    const double value = spec.draw_per_economy ? random.value(spec.value) : common;
    if (spec.damage_amount) {
      // An amount for the economy, split over its sectors hit in proportion to value added.
      double va = 0;
      for (const std::size_t k : sectors) va += std::max(0.0, context.value_added[g * N + k]);
      if (!(va > 0)) {
        throw InputError(spec.origin + ": event '" + spec.name + "': the sectors hit in " +
                         labels.regions[g] + " have no value added to split the damage over");
      }
      for (const std::size_t k : sectors) {
        hit.emplace_back(g * N + k, value * std::max(0.0, context.value_added[g * N + k]) / va);
      }
    } else {
      for (const std::size_t k : sectors) hit.emplace_back(g * N + k, value);
    }
  }
  std::sort(hit.begin(), hit.end());
  for (const auto& [row, value] : hit) {
    double v = value / 100;  // percent
    if (spec.damage_amount) {
      v = value;
    } else if (spec.kind == io::DynamicEventKind::capital) {
      v = value / 100 * context.capital_to_value_added * std::max(0.0, context.value_added[row]);
    }
    e.rows.push_back(row);
    e.values.push_back(v);
  }
  if (spec.kind == io::DynamicEventKind::capital) {
    double total = 0;
    for (double v : e.values) total += v;
    if (!(total > 0) && common > 0) {
      throw InputError(spec.origin + ": event '" + spec.name +
                       "': the sectors hit have no value added, hence no capital to destroy");
    }
  }
  e.description = describe(e, labels);
  return e;
}

}  // namespace

DrawGenerator::DrawGenerator(std::uint64_t seed, std::uint64_t draw)
    : engine_(draw_seed(seed, draw)) {}

double DrawGenerator::uniform() {
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double DrawGenerator::value(const io::Distribution& d) {
  const auto& x = d.values;
  switch (d.kind) {
    case io::Distribution::Kind::fixed:
      return x.front();
    case io::Distribution::Kind::uniform:
      return x[0] + (x[1] - x[0]) * uniform();
    case io::Distribution::Kind::triangular: {
      const double u = uniform(), a = x[0], c = x[1], b = x[2];
      if (b == a) return a;
      const double f = (c - a) / (b - a);
      return u < f ? a + std::sqrt(u * (b - a) * (c - a)) : b - std::sqrt((1 - u) * (b - a) * (b - c));
    }
    case io::Distribution::Kind::choice: {
      const auto k = static_cast<std::size_t>(uniform() * static_cast<double>(x.size()));
      return x[std::min(k, x.size() - 1)];
    }
  }
  return x.front();
}

std::vector<ArioEvent> realize_events(const io::DynamicScenarioSpec& spec, std::size_t draw,
                                      const EventContext& context) {
  DrawGenerator random(spec.seed, spec.ensemble ? draw : 0);
  std::vector<ArioEvent> events;
  for (const auto& e : spec.events) events.push_back(realize(e, random, context));
  return events;
}

}  // namespace leontief::decomposition
