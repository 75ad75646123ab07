#pragma once
/// @file xlsx_workbook.hpp
/// @brief Spreadsheets read directly: an .xlsx workbook is a zip of XML parts (Office Open
/// XML, ECMA-376). A sheet is streamed through a SAX parser (expat) and handed out as CSV
/// text, one line per spreadsheet row, so the CSV readers read it unchanged: line L is row
/// L, column C is column C (cells the sheet leaves out are empty fields), strings (shared or
/// inline) are quoted, numbers are written as stored.

#include <memory>
#include <string>
#include <vector>

#include "io/text/line_reader.hpp"

namespace leontief::io {

class XlsxWorkbook {
 public:
  /// @brief Opens the workbook at `path`, or, with `bytes`, the workbook held in memory
  /// (an .xlsx inside a zip or folder). `name` names it in messages.
  /// @throws InputError naming the workbook if it is not a readable .xlsx.
  explicit XlsxWorkbook(const std::string& path);
  XlsxWorkbook(std::vector<char> bytes, std::string name);
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;
  XlsxWorkbook(XlsxWorkbook&&) noexcept = default;
  XlsxWorkbook& operator=(XlsxWorkbook&&) noexcept = default;

  /// Sheet names in workbook order.
  std::vector<std::string> sheet_names() const;

  /// @brief The sheet named `sheet` as CSV lines ("<workbook>[<sheet>]" in messages).
  /// @throws InputError listing the sheets if there is no such sheet.
  LineReader open_sheet(const std::string& sheet) const;

  const std::string& name() const;

  struct Parts;

 private:
  std::shared_ptr<Parts> parts_;
};

/// Whether a file name is that of a workbook (.xlsx, any case).
bool is_xlsx_name(const std::string& name);

}  // namespace leontief::io
