#include "io/text/xlsx_workbook.hpp"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <stdexcept>

#include "io/runtime/error.hpp"

namespace leontief::io {

namespace {

constexpr std::size_t kChunk = 1 << 16;

/// The local part of an element name ("x:row" -> "row"): some writers prefix SpreadsheetML.
std::string_view local_name(const XML_Char* name) {
  std::string_view text(name);
  const auto colon = text.find(':');
  return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

const char* attribute(const XML_Char** attributes, std::string_view wanted) {
  for (std::size_t k = 0; attributes[k] != nullptr; k += 2) {
    if (local_name(attributes[k]) == wanted) return attributes[k + 1];
  }
  return nullptr;
}

/// "BC12" -> column 55 (1-based); 0 if the reference has no letters.
std::size_t column_of(const char* reference) {
  std::size_t column = 0;
  for (const char* p = reference; *p != '\0' && std::isalpha(static_cast<unsigned char>(*p)); ++p) {
    column = column * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(*p)) - 'A' + 1);
  }
  return column;
}

std::size_t row_of(const char* reference) {
  const char* p = reference;
  while (*p != '\0' && std::isalpha(static_cast<unsigned char>(*p))) ++p;
  return static_cast<std::size_t>(std::strtoull(p, nullptr, 10));
}

/// One XML part of the archive, read in chunks.
class ZipPart {
 public:
  ZipPart(zip_t* archive, const std::string& entry, const std::string& name) : name_(name) {
    file_ = zip_fopen(archive, entry.c_str(), 0);
    if (file_ == nullptr) {
      throw InputError(input_location(name, "", "missing part " + entry + " (not an .xlsx workbook?)"));
    }
  }
  ~ZipPart() { zip_fclose(file_); }
  ZipPart(const ZipPart&) = delete;
  ZipPart& operator=(const ZipPart&) = delete;
  std::size_t read(char* data, std::size_t size) {
    const zip_int64_t got = zip_fread(file_, data, size);
    if (got < 0) throw InputError(input_location(name_, "", zip_file_strerror(file_)));
    return static_cast<std::size_t>(got);
  }

 private:
  std::string name_;
  zip_file_t* file_ = nullptr;
};

/// An expat parser over a part; subclasses handle the events.
class PartParser {
 public:
  PartParser() : parser_(XML_ParserCreate(nullptr)) {
    if (parser_ == nullptr) throw std::bad_alloc();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &PartParser::on_start, &PartParser::on_end);
    XML_SetCharacterDataHandler(parser_, &PartParser::on_text);
  }
  virtual ~PartParser() { XML_ParserFree(parser_); }
  PartParser(const PartParser&) = delete;
  PartParser& operator=(const PartParser&) = delete;

  /// Feeds `size` bytes (final: the end of the part); throws naming `where` on bad XML.
  void feed(const char* data, std::size_t size, bool final, const std::string& where) {
    if (XML_Parse(parser_, data, static_cast<int>(size), final ? 1 : 0) == XML_STATUS_ERROR) {
      throw InputError(input_location(
          where, "XML line " + std::to_string(XML_GetCurrentLineNumber(parser_)),
          std::string("malformed workbook part: ") + XML_ErrorString(XML_GetErrorCode(parser_))));
    }
  }
  /// Parses a whole part.
  void parse(ZipPart& part, const std::string& where) {
    std::vector<char> buffer(kChunk);
    for (;;) {
      const std::size_t got = part.read(buffer.data(), buffer.size());
      feed(buffer.data(), got, got == 0, where);
      if (got == 0) return;
    }
  }

 protected:
  virtual void start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}

 private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<PartParser*>(self)->start(local_name(name), attributes);
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    static_cast<PartParser*>(self)->end(local_name(name));
  }
  static void XMLCALL on_text(void* self, const XML_Char* text, int length) {
    static_cast<PartParser*>(self)->text(std::string_view(text, static_cast<std::size_t>(length)));
  }
  XML_Parser parser_;
};

/// xl/workbook.xml: sheet names and relationship ids, in order.
class WorkbookParser final : public PartParser {
 public:
  std::vector<std::pair<std::string, std::string>> sheets;  // name, r:id

 private:
  void start(std::string_view name, const XML_Char** attributes) override {
    if (name != "sheet") return;
    const char* sheet = attribute(attributes, "name");
    const char* id = attribute(attributes, "id");
    if (sheet != nullptr && id != nullptr) sheets.emplace_back(sheet, id);
  }
  void end(std::string_view) override {}
};

/// xl/_rels/workbook.xml.rels: relationship id -> target part.
class RelationshipsParser final : public PartParser {
 public:
  std::map<std::string, std::string> targets;

 private:
  void start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return;
    const char* id = attribute(attributes, "Id");
    const char* target = attribute(attributes, "Target");
    if (id != nullptr && target != nullptr) targets[id] = target;
  }
  void end(std::string_view) override {}
};

/// xl/sharedStrings.xml: the text of each <si> (rich-text runs joined; phonetic runs left out).
class SharedStringsParser final : public PartParser {
 public:
  std::vector<std::string> strings;

 private:
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      strings.emplace_back();
      in_item_ = true;
    } else if (name == "rPh") {
      in_phonetic_ = true;
    } else if (name == "t") {
      in_text_ = in_item_ && !in_phonetic_;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") in_item_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "t") in_text_ = false;
  }
  void text(std::string_view data) override {
    if (in_text_) strings.back().append(data);
  }
  bool in_item_ = false, in_phonetic_ = false, in_text_ = false;
};

/// A worksheet turned into CSV text while it is parsed.
class SheetParser final : public PartParser {
 public:
  explicit SheetParser(const std::vector<std::string>& shared) : shared_(shared) {}
  std::string out;  ///< CSV produced and not yet handed out

 private:
  enum class Kind { number, shared, inline_string, text, boolean, error };

  void start(std::string_view name, const XML_Char** attributes) override {
    if (name == "row") {
      const char* r = attribute(attributes, "r");
      const std::size_t row = r != nullptr ? static_cast<std::size_t>(std::strtoull(r, nullptr, 10))
                                           : row_ + 1;
      while (row_ + 1 < row) {  // rows the sheet leaves out are empty lines
        out.push_back('\n');
        ++row_;
      }
      row_ = std::max(row, row_ + 1);
      column_ = 0;
    } else if (name == "c") {
      const char* r = attribute(attributes, "r");
      cell_column_ = r != nullptr && column_of(r) > 0 ? column_of(r) : column_ + 1;
      if (r != nullptr && row_of(r) != 0 && row_of(r) != row_) cell_column_ = column_ + 1;
      const char* t = attribute(attributes, "t");
      const std::string_view type = t != nullptr ? t : "n";
      kind_ = type == "s"           ? Kind::shared
              : type == "inlineStr" ? Kind::inline_string
              : type == "str"       ? Kind::text
              : type == "b"         ? Kind::boolean
              : type == "e"         ? Kind::error
                                    : Kind::number;
      value_.clear();
      in_cell_ = true;
    } else if (in_cell_ && (name == "v" || (name == "t" && kind_ == Kind::inline_string))) {
      collecting_ = true;
    }
  }

  void end(std::string_view name) override {
    if (name == "v" || name == "t") {
      collecting_ = false;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      emit_cell();
    } else if (name == "row") {
      out.push_back('\n');
    }
  }

  void text(std::string_view data) override {
    if (collecting_) value_.append(data);
  }

  void emit_cell() {
    while (column_ + 1 < cell_column_) {  // cells the sheet leaves out are empty fields
      if (column_ > 0) out.push_back(',');
      ++column_;
    }
    if (column_ > 0) out.push_back(',');
    column_ = cell_column_;
    switch (kind_) {
      case Kind::number:
      case Kind::boolean:
        out.append(value_);
        break;
      case Kind::shared: {
        const auto index = static_cast<std::size_t>(std::strtoull(value_.c_str(), nullptr, 10));
        quote(index < shared_.size() ? shared_[index] : std::string());
        break;
      }
      case Kind::inline_string:
      case Kind::text:
      case Kind::error:
        quote(value_);
        break;
    }
  }

  void quote(const std::string& text) {
    out.push_back('"');
    for (const char c : text) {
      if (c == '"') out.push_back('"');
      // A line break inside a cell would split the CSV row: it becomes a space.
      out.push_back(c == '\n' || c == '\r' ? ' ' : c);
    }
    out.push_back('"');
  }

  const std::vector<std::string>& shared_;
  std::size_t row_ = 0, column_ = 0, cell_column_ = 0;
  Kind kind_ = Kind::number;
  std::string value_;
  bool in_cell_ = false, collecting_ = false;
};

}  // namespace

struct XlsxWorkbook::Parts {
  std::string name;
  std::vector<char> bytes;  // the workbook, when held in memory
  zip_t* archive = nullptr;
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  std::vector<std::string> shared;
  ~Parts() {
    if (archive != nullptr) zip_discard(archive);
  }
};

namespace {

bool has_part(zip_t* archive, const std::string& entry) {
  return zip_name_locate(archive, entry.c_str(), 0) >= 0;
}

void load(XlsxWorkbook::Parts& parts) {
  const std::string& where = parts.name;
  WorkbookParser workbook;
  {
    ZipPart part(parts.archive, "xl/workbook.xml", where);
    workbook.parse(part, where + ":xl/workbook.xml");
  }
  RelationshipsParser relationships;
  {
    ZipPart part(parts.archive, "xl/_rels/workbook.xml.rels", where);
    relationships.parse(part, where + ":xl/_rels/workbook.xml.rels");
  }
  for (const auto& [name, id] : workbook.sheets) {
    const auto target = relationships.targets.find(id);
    if (target == relationships.targets.end()) continue;
    std::string entry = target->second;
    entry = entry.starts_with("/") ? entry.substr(1) : "xl/" + entry;
    parts.sheets.emplace_back(name, entry);
  }
  if (has_part(parts.archive, "xl/sharedStrings.xml")) {
    SharedStringsParser strings;
    ZipPart part(parts.archive, "xl/sharedStrings.xml", where);
    strings.parse(part, where + ":xl/sharedStrings.xml");
    parts.shared = std::move(strings.strings);
  }
}

/// The sheet's CSV, produced as the LineReader asks for bytes.
class SheetSource final : public ByteSource {
 public:
  SheetSource(std::shared_ptr<XlsxWorkbook::Parts> parts, const std::string& entry,
              std::string name)
      : parts_(std::move(parts)),
        part_(parts_->archive, entry, parts_->name),
        parser_(parts_->shared),
        name_(std::move(name)),
        buffer_(kChunk) {}

  std::size_t read(char* data, std::size_t size) override {
    while (parser_.out.size() - given_ < size && !done_) {
      if (given_ > 0) {  // drop what was handed out before appending more
        parser_.out.erase(0, given_);
        given_ = 0;
      }
      const std::size_t got = part_.read(buffer_.data(), buffer_.size());
      parser_.feed(buffer_.data(), got, got == 0, name_);
      done_ = got == 0;
    }
    const std::size_t n = std::min(size, parser_.out.size() - given_);
    std::memcpy(data, parser_.out.data() + given_, n);
    given_ += n;
    return n;
  }

 private:
  std::shared_ptr<XlsxWorkbook::Parts> parts_;
  ZipPart part_;
  SheetParser parser_;
  std::string name_;
  std::vector<char> buffer_;
  std::size_t given_ = 0;
  bool done_ = false;
};

zip_t* open_archive(zip_source_t* source, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    zip_source_free(source);
    throw InputError(input_location(name, "", "cannot open as an .xlsx workbook (a zip): " + reason));
  }
  zip_error_fini(&error);
  return archive;
}

}  // namespace

XlsxWorkbook::XlsxWorkbook(const std::string& path) : parts_(std::make_shared<Parts>()) {
  parts_->name = path;
  int error = 0;
  parts_->archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (parts_->archive == nullptr) {
    zip_error_t details;
    zip_error_init_with_code(&details, error);
    const std::string reason = zip_error_strerror(&details);
    zip_error_fini(&details);
    throw InputError(input_location(path, "", "cannot open as an .xlsx workbook (a zip): " + reason));
  }
  load(*parts_);
}

XlsxWorkbook::XlsxWorkbook(std::vector<char> bytes, std::string name)
    : parts_(std::make_shared<Parts>()) {
  parts_->name = std::move(name);
  parts_->bytes = std::move(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source =
      zip_source_buffer_create(parts_->bytes.data(), parts_->bytes.size(), 0, &error);
  zip_error_fini(&error);
  if (source == nullptr) throw std::bad_alloc();
  parts_->archive = open_archive(source, parts_->name);
  load(*parts_);
}

XlsxWorkbook::~XlsxWorkbook() = default;

const std::string& XlsxWorkbook::name() const { return parts_->name; }

std::vector<std::string> XlsxWorkbook::sheet_names() const {
  std::vector<std::string> names;
  for (const auto& sheet : parts_->sheets) names.push_back(sheet.first);
  return names;
}

LineReader XlsxWorkbook::open_sheet(const std::string& sheet) const {
  for (const auto& [name, entry] : parts_->sheets) {
    if (name != sheet) continue;
    const std::string display = parts_->name + "[" + name + "]";
    return LineReader(std::make_unique<SheetSource>(parts_, entry, display), display);
  }
  std::string list;
  for (const auto& name : sheet_names()) list += (list.empty() ? "'" : ", '") + name + "'";
  throw InputError(input_location(parts_->name, "",
                                  "no sheet '" + sheet + "' (sheets: " + list + ")"));
}

bool is_xlsx_name(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.ends_with(".xlsx");
}

}  // namespace leontief::io
