#include "DtlsRoles.h"

namespace kpeer {

namespace {

constexpr std::string_view kSetup = "a=setup:";

std::optional<DtlsSetup> parse(std::string_view v) {
  if (v == "actpass") return DtlsSetup::ActPass;
  if (v == "active") return DtlsSetup::Active;
  if (v == "passive") return DtlsSetup::Passive;
  return std::nullopt;
}

const char* name(DtlsSetup s) {
  switch (s) {
    case DtlsSetup::ActPass: return "actpass";
    case DtlsSetup::Active: return "active";
    case DtlsSetup::Passive: return "passive";
  }
  return "actpass";
}

// Position of the next a=setup line at or after `from` (at a line start), or npos.
std::size_t nextSetup(std::string_view sdp, std::size_t from) {
  for (std::size_t at = sdp.find(kSetup, from); at != std::string_view::npos; at = sdp.find(kSetup, at + 1))
    if (at == 0 || sdp[at - 1] == '\n') return at;
  return std::string_view::npos;
}

std::size_t lineEnd(std::string_view sdp, std::size_t from) {
  std::size_t end = sdp.find_first_of("\r\n", from);
  return end == std::string_view::npos ? sdp.size() : end;
}

DtlsSetup opposite(DtlsSetup s) { return s == DtlsSetup::Active ? DtlsSetup::Passive : DtlsSetup::Active; }

}  // namespace

std::optional<DtlsSetup> sdpSetup(std::string_view sdp) {
  std::size_t at = nextSetup(sdp, 0);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t from = at + kSetup.size();
  return parse(sdp.substr(from, lineEnd(sdp, from) - from));
}

std::string withSetup(std::string_view sdp, DtlsSetup setup) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t at = nextSetup(sdp, 0); at != std::string_view::npos; at = nextSetup(sdp, at + 1)) {
    std::size_t from = at + kSetup.size();
    out.append(sdp.substr(copied, from - copied));
    out += name(setup);
    copied = lineEnd(sdp, from);
  }
  out.append(sdp.substr(copied));
  return out;
}

void DtlsRoles::onLocalAnswer(std::string_view sdp) {
  auto s = sdpSetup(sdp);
  if (s == DtlsSetup::Active || s == DtlsSetup::Passive) ours_ = *s;
}

void DtlsRoles::onRemoteAnswer(std::string_view sdp) {
  auto s = sdpSetup(sdp);
  if (s == DtlsSetup::Active || s == DtlsSetup::Passive) ours_ = opposite(*s);
}

std::optional<std::string> DtlsRoles::corrected(std::string_view answer) const {
  if (!ours_ || sdpSetup(answer) != *ours_) return std::nullopt;
  return withSetup(answer, opposite(*ours_));
}

}  // namespace kpeer
