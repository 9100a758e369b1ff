// Typed reads of a config object's optional fields: a wrong type becomes an Error naming the
// field ("config.iceRestart.maxAttempts must be a whole number"). The first error is kept.
#pragma once
#include <optional>
#include <string>

#include "Error.h"
#include "Value.h"

namespace kpeer {

class FieldReader {
 public:
  FieldReader(const Value& object, ErrorCode code, std::string where)
      : object_(object), code_(code), where_(std::move(where)) {}
  // Out of line: a literal's std::string made here, not at each call site.
  FieldReader(const Value& object, ErrorCode code, const char* where);

  // Absent or null → nullopt. Wrong type or out of range → error kept, nullopt.
  std::optional<bool> boolean(const char* name);
  std::optional<double> number(const char* name, double min, double max);
  std::optional<long long> integer(const char* name, long long min, long long max);
  std::optional<std::string> string(const char* name);

  // The field, Absent when missing or null; an unreadable one is an error.
  Value present(const char* name);
  // The field as given (null stays null); an unreadable one is an error, and Absent.
  Value readable(const char* name);

  std::nullopt_t fail(const char* name, const std::string& what);
  // An error that ends the decoding at once: it replaces a kept one. Returns false, for the
  // decoder to return.
  bool stop(std::string message);
  bool stop(const char* message);
  const std::optional<Error>& error() const { return error_; }
  const std::string& where() const { return where_; }

 private:
  const Value& object_;
  ErrorCode code_;
  std::string where_;
  std::optional<Error> error_;
};

}  // namespace kpeer
