#include "io/config/parameters.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace po = boost::program_options;

namespace {

const char* type_name(Parameter::Type type) {
  switch (type) {
    case Parameter::Type::text:
      return "text";
    case Parameter::Type::path:
      return "path";
    case Parameter::Type::boolean:
      return "bool";
    case Parameter::Type::integer:
      return "integer";
    case Parameter::Type::real:
      return "real";
  }
  return "?";
}

bool parse_bool(const std::string& text, bool& value) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return value = true, true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return value = false, true;
  return false;
}

}  // namespace

ParameterSet::ParameterSet(std::string command, std::string summary)
    : command_(std::move(command)), summary_(std::move(summary)) {}

void ParameterSet::add(Parameter parameter) {
  if (!parameter.default_value.empty()) {
    try {
      validate(parameter, parameter.default_value, "default");
    } catch (const InputError& e) {
      throw_library_error(command_ + ": invalid default of " + e.what(), __FILE__, __LINE__);
    }
    values_[parameter.name] = parameter.default_value;
    origins_[parameter.name] = "default";
  }
  parameters_.push_back(std::move(parameter));
}

void ParameterSet::add(Parameter parameter, Range range) {
  if (parameter.type != Parameter::Type::integer && parameter.type != Parameter::Type::real) {
    throw_library_error(parameter.name + ": a range needs a numeric option", __FILE__, __LINE__);
  }
  parameter.range = range;
  add(std::move(parameter));
}

void ParameterSet::add(Parameter parameter, Validator validator) {
  parameter.validator = std::move(validator);
  add(std::move(parameter));
}

void ParameterSet::set_positional(std::string name) {
  find(name);
  positional_ = std::move(name);
}

void ParameterSet::add_config_alias(std::string name, std::string help) {
  config_alias_ = std::move(name);
  config_alias_help_ = std::move(help);
}

std::string ParameterSet::origin(const std::string& name) const {
  find(name);
  auto it = origins_.find(name);
  return it == origins_.end() ? std::string() : it->second;
}

const Parameter& ParameterSet::find(const std::string& name) const {
  for (const auto& p : parameters_) {
    if (p.name == name) return p;
  }
  throw_library_error("parameter '" + name + "' is not registered for " + command_, __FILE__,
                      __LINE__);
}

void ParameterSet::validate(const Parameter& p, const std::string& value,
                            const std::string& origin) const {
  const std::string where = origin + ": " + p.name + ": ";
  if (value.empty() && (p.required || p.type == Parameter::Type::path)) {
    throw InputError(where + "expected a value, got an empty one");
  }
  std::string problem;
  std::optional<double> number;
  bool b = false;
  switch (p.type) {
    case Parameter::Type::boolean:
      if (!parse_bool(value, b))
        throw InputError(where + "expected true or false, got '" + value + "'");
      break;
    case Parameter::Type::integer: {
      const auto v = parse_integer(value, problem);
      if (!v) throw InputError(where + problem);
      number = static_cast<double>(*v);
      break;
    }
    case Parameter::Type::real:
      number = parse_real(value, problem);
      if (!number) throw InputError(where + problem);
      break;
    default:
      break;
  }
  if (number && !p.range.contains(*number)) {
    throw InputError(where + "out of range: expected " + p.range.text() + ", got '" + value + "'");
  }
  if (!p.choices.empty() &&
      std::find(p.choices.begin(), p.choices.end(), value) == p.choices.end()) {
    std::string allowed;
    for (const auto& c : p.choices) allowed += (allowed.empty() ? "" : ", ") + c;
    throw InputError(where + "expected one of " + allowed + "; got '" + value + "'");
  }
  if (p.validator) {
    if (auto what = p.validator.check(value)) throw InputError(where + *what);
  }
}

void ParameterSet::parse(const std::vector<std::string>& arguments) {
  po::options_description desc;
  desc.add_options()("help,h", "")("config", po::value<std::string>(), "");
  if (!config_alias_.empty()) {
    desc.add_options()(config_alias_.c_str(), po::value<std::string>(), "");
  }
  for (const auto& p : parameters_) {
    auto* semantic = po::value<std::string>();
    if (p.type == Parameter::Type::boolean) semantic->implicit_value("true");
    desc.add_options()(p.name.c_str(), semantic, "");
  }
  po::variables_map command_line;
  std::optional<std::string> positional_value;
  try {
    const po::parsed_options parsed = po::command_line_parser(arguments).options(desc).run();
    // Boost keeps positional arguments unnamed, and store() would drop them silently.
    for (const auto& o : parsed.options) {
      if (!o.string_key.empty() || o.position_key < 0) continue;
      const std::string token = o.value.empty() ? std::string() : o.value.front();
      if (positional_.empty() || positional_value) {
        throw InputError("command line: unexpected argument '" + token + "' (" +
                         (positional_.empty()
                              ? "`leontief " + command_ + "` takes no positional argument"
                              : "`leontief " + command_ + "` takes one, the " + positional_) +
                         "; options are written --key value)");
      }
      positional_value = token;
    }
    po::store(parsed, command_line);
  } catch (const po::error& e) {
    throw InputError("command line: " + std::string(e.what()) + " (see `leontief " + command_ +
                     " --help`)");
  }
  help_requested_ = command_line.count("help") > 0;
  if (help_requested_) return;
  if (positional_value && command_line.count(positional_)) {
    throw InputError("command line: " + positional_ + " given twice: as the argument '" +
                     *positional_value + "' and as --" + positional_);
  }

  std::string config_key = "config";
  if (!config_alias_.empty() && command_line.count(config_alias_)) {
    if (command_line.count("config")) {
      throw InputError("command line: give either --config or --" + config_alias_ + ", not both");
    }
    config_key = config_alias_;
  }
  if (command_line.count(config_key)) {
    const std::string file = command_line[config_key].as<std::string>();
    config_file_ = file;
    std::ifstream stream(file, std::ios::binary);
    if (!stream) throw InputError(file + ": cannot open config file");
    std::string content((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    // Editors on Windows save a byte-order mark and CRLF line ends; neither is part of a key.
    if (content.starts_with("\xEF\xBB\xBF")) content.erase(0, 3);
    std::erase(content, '\r');
    std::istringstream in(content);
    po::variables_map from_file;
    try {
      po::store(po::parse_config_file(in, desc, false), from_file);
    } catch (const po::error& e) {
      throw InputError(file + ": " + e.what() + " (keys of `leontief " + command_ +
                       "` are listed by --help)");
    }
    for (const auto& [key, value] : from_file) {
      if (key == "config" || key == "help") {
        throw InputError(file + ": key '" + key + "' is not allowed in a config file");
      }
      const std::string text = value.as<std::string>();
      validate(find(key), text, file);
      values_[key] = text;
      origins_[key] = "config " + file;
    }
  }
  for (const auto& [key, value] : command_line) {
    if (key == "config" || key == "help" || (!config_alias_.empty() && key == config_alias_)) {
      continue;
    }
    const std::string text = value.as<std::string>();
    validate(find(key), text, "command line");
    values_[key] = text;
    origins_[key] = "command line";
  }
  if (positional_value) {
    validate(find(positional_), *positional_value, "command line");
    values_[positional_] = *positional_value;
    origins_[positional_] = "command line";
  }
  for (const auto& p : parameters_) {
    if (p.required && !has(p.name)) {
      throw InputError("missing required option --" + p.name + " (" + p.help + ")");
    }
  }
}

bool ParameterSet::has(const std::string& name) const {
  find(name);
  return values_.count(name) > 0;
}

std::string ParameterSet::text(const std::string& name) const {
  find(name);
  auto it = values_.find(name);
  return it == values_.end() ? std::string() : it->second;
}

bool ParameterSet::boolean(const std::string& name) const {
  bool v = false;
  parse_bool(text(name), v);
  return v;
}

long long ParameterSet::integer(const std::string& name) const {
  std::string problem;
  return parse_integer(text(name), problem).value_or(0);  // validated when set
}

double ParameterSet::real(const std::string& name) const {
  std::string problem;
  return parse_real(text(name), problem).value_or(0.0);  // validated when set
}

namespace {

/// The placeholder of a positional argument in usage lines: "table" gives "TABLE".
std::string placeholder(const std::string& name) {
  std::string out = name;
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// What values an option allows beyond its type: choices, range, validator; "" if any.
std::string allowed_values(const Parameter& p, const char* separator, bool markdown) {
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (!p.choices.empty()) {
    std::string list;
    for (const auto& c : p.choices) {
      list += (list.empty() ? "" : separator) + (markdown ? "`" + c + "`" : c);
    }
    add(list);
  }
  if (p.range.bounded()) add(markdown ? "`" + p.range.text() + "`" : p.range.text());
  if (p.validator && !p.validator.description.empty()) add(p.validator.description);
  return out;
}

/// A Markdown table cell: '|' would end the cell.
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string ParameterSet::usage() const {
  const std::string file_flag = config_alias_.empty() ? "config" : config_alias_;
  const std::string positional = positional_.empty() ? "" : " [" + placeholder(positional_) + "]";
  return "usage: leontief " + command_ + positional + " [--" + file_flag +
         " FILE] [--key value ...] [-petsc_option ...]";
}

std::string ParameterSet::help_text() const {
  std::ostringstream out;
  out << usage() << "\n\n"
      << summary_ << "\n\noptions (every key may also be set in the INI file given by --config;\n"
      << "command line > config file > default):\n";
  if (!positional_.empty()) {
    out << "  " << placeholder(positional_) << "\n      the same as --" << positional_ << "\n";
  }
  for (const auto& p : parameters_) {
    out << "  --" << p.name << " <" << type_name(p.type) << ">";
    if (p.required) out << "  (required)";
    out << "\n      " << p.help;
    const std::string allowed = allowed_values(p, "|", false);
    if (!allowed.empty()) out << " {" << allowed << "}";
    if (!p.units.empty()) out << " [" << p.units << "]";
    if (!p.default_value.empty()) out << " (default: " << p.default_value << ")";
    out << "\n";
  }
  if (!config_alias_.empty()) {
    out << "  --" << config_alias_ << " <path>\n      " << config_alias_help_
        << " (an INI file with any of the keys above, like --config)\n";
  }
  out << "  --config <path>\n      INI file with any of the keys above ([section] a = b sets "
         "section.a)\n"
      << "  --help\n      this text\n";
  return out.str();
}

std::string ParameterSet::markdown() const {
  std::ostringstream out;
  out << "### `leontief " << command_ << "`\n\n" << summary_ << "\n\n";
  if (!positional_.empty()) {
    out << "`leontief " << command_ << " " << placeholder(positional_) << "` is `leontief "
        << command_ << " --" << positional_ << " " << placeholder(positional_) << "`.\n\n";
  }
  out << "| key | type | default | allowed | units | description |\n|---|---|---|---|---|---|\n";
  for (const auto& p : parameters_) {
    out << "| `" << p.name << "` | " << type_name(p.type) << " | "
        << (p.required ? "required" : (p.default_value.empty() ? "" : "`" + p.default_value + "`"))
        << " | " << markdown_cell(allowed_values(p, " ", true)) << " | " << markdown_cell(p.units)
        << " | " << markdown_cell(p.help) << " |\n";
  }
  if (!config_alias_.empty()) {
    out << "\n`--" << config_alias_ << " FILE`: " << config_alias_help_
        << " (an INI file with any of these keys, like `--config`).\n";
  }
  return out.str();
}

std::string ParameterSet::effective_ini() const {
  // Top-level keys first, then one [section] per dotted prefix.
  std::ostringstream top, sections;
  std::string current;
  for (const auto& [key, value] : values_) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) {
      top << key << " = " << value << "\n";
    }
  }
  for (const auto& [key, value] : values_) {
    const auto dot = key.find('.');
    if (dot == std::string::npos) continue;
    const std::string section = key.substr(0, dot);
    if (section != current) {
      sections << "[" << section << "]\n";
      current = section;
    }
    sections << key.substr(dot + 1) << " = " << value << "\n";
  }
  return "# leontief " + command_ + "\n" + top.str() + sections.str();
}

bool ParameterSet::takes_value(const std::string& name) const {
  for (const auto& p : parameters_) {
    if (p.name == name) return p.type != Parameter::Type::boolean;
  }
  return name == "config";
}

void split_petsc_arguments(const std::vector<std::string>& all, std::vector<std::string>& ours,
                           std::vector<std::string>& petsc, const ParameterSet* ours_known) {
  for (std::size_t i = 0; i < all.size(); ++i) {
    const std::string& a = all[i];
    const bool petsc_flag = a.size() > 1 && a[0] == '-' && a[1] != '-' && a != "-h";
    if (!petsc_flag) {
      ours.push_back(a);
      // `--key value` of one of our options keeps its value, even one that starts with '-'
      // (--solver.petsc_options "-leontief_ksp_type gmres").
      if (ours_known && a.starts_with("--") && a.find('=') == std::string::npos &&
          ours_known->takes_value(a.substr(2)) && i + 1 < all.size()) {
        ours.push_back(all[++i]);
      }
      continue;
    }
    petsc.push_back(a);
    // A following token that is not itself an option is the PETSc option's value.
    if (i + 1 < all.size() &&
        (all[i + 1].empty() || all[i + 1][0] != '-' ||
         (all[i + 1].size() > 1 && std::isdigit(static_cast<unsigned char>(all[i + 1][1]))))) {
      petsc.push_back(all[++i]);
    }
  }
}

}  // namespace leontief::io
