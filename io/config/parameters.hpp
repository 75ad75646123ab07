#pragma once
/// @file parameters.hpp
/// @brief The one parameter registry (design convention 4). Each option has a dotted name,
/// a type, a default, units and help; the INI config, the command line, `--help` and
/// docs/options.md all come from it. Precedence: defaults < config file < command line.
/// Unknown keys are errors. Values are checked at parse time: type (integers that overflow
/// 64 bits and non-finite reals are errors), choices, the option's range or validator, and
/// no empty value for required or path options; the first positional argument fills the
/// command's positional option (e.g. `leontief info TABLE.h5`), any other one is an error.

#include <map>
#include <string>
#include <vector>

#include "io/config/parameter_checks.hpp"

namespace leontief::io {

struct Parameter {
  enum class Type { text, path, boolean, integer, real };
  std::string name;           ///< dotted; INI "[a] b = 1" sets "a.b"; flag "--a.b 1"
  Type type = Type::text;
  std::string default_value;  ///< as text; empty means "no default"
  std::string units;          ///< e.g. "relative", "" for none
  std::string help;
  bool required = false;
  std::vector<std::string> choices;  ///< allowed values (text type); empty: any
  Range range;                       ///< allowed values of an integer or real option
  Validator validator;               ///< further check of the value (any type)
};

class ParameterSet {
 public:
  /// `command` and `summary` head the generated help.
  ParameterSet(std::string command, std::string summary);

  /// @brief Registers an option. Its default must pass its own checks (a programming error
  /// otherwise).
  void add(Parameter parameter);
  /// @brief Registers a numeric option with the range its values must lie in.
  void add(Parameter parameter, Range range);
  /// @brief Registers an option whose values must pass `validator`.
  void add(Parameter parameter, Validator validator);

  /// @brief The option that a positional argument sets: `leontief info T.h5` is `leontief
  /// info --table T.h5`. Without one, any positional argument is an error.
  void set_positional(std::string name);
  const std::string& positional() const { return positional_; }

  /// @brief Also accepts `--<name> FILE` for `--config FILE` (e.g. `leontief tariff
  /// --scenario S.ini`); `help` describes the file in --help.
  void add_config_alias(std::string name, std::string help);

  /// @brief Parses `--key value`/`--key=value` arguments and the INI file given by
  /// `--config FILE`. Single-dash arguments are PETSc options and must be removed first.
  /// @throws InputError for unknown keys, malformed values, missing required keys, and
  ///   unreadable config files (naming the file).
  void parse(const std::vector<std::string>& arguments);

  bool help_requested() const { return help_requested_; }
  std::string help_text() const;
  /// The registry as a Markdown table (docs/options.md is generated from it).
  std::string markdown() const;
  /// The effective configuration as INI text (written into every output's metadata).
  std::string effective_ini() const;

  /// Every registered option, in registration order.
  const std::vector<Parameter>& parameters() const { return parameters_; }
  bool has(const std::string& name) const;  ///< has a value (default or given)
  /// True for registered non-boolean options (and --config): `--name` is followed by a value.
  bool takes_value(const std::string& name) const;
  /// Where the value came from: "default", "config FILE", "command line" ("" if unset).
  std::string origin(const std::string& name) const;
  /// The INI file given by --config (or its alias); empty if none.
  const std::string& config_file() const { return config_file_; }
  std::string text(const std::string& name) const;
  bool boolean(const std::string& name) const;
  long long integer(const std::string& name) const;
  double real(const std::string& name) const;

 private:
  const Parameter& find(const std::string& name) const;
  void validate(const Parameter& p, const std::string& value, const std::string& origin) const;
  std::string usage() const;

  std::string command_, summary_;
  std::vector<Parameter> parameters_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> origins_;  ///< "default", "config FILE", "command line"
  std::string config_alias_, config_alias_help_, config_file_;
  std::string positional_;
  bool help_requested_ = false;
};

/// Splits `leontief` arguments into ours (`--key`) and PETSc's (`-opt [value]`). With
/// `ours_known`, the value of one of our value-taking options stays ours even if it starts
/// with '-'.
void split_petsc_arguments(const std::vector<std::string>& all, std::vector<std::string>& ours,
                           std::vector<std::string>& petsc,
                           const ParameterSet* ours_known = nullptr);

}  // namespace leontief::io
