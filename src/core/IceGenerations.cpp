#include "IceGenerations.h"

#include <algorithm>

#include "Text.h"

namespace kpeer {

namespace {
constexpr std::string_view kUfragAttribute = "a=ice-ufrag:";

bool isSpace(char c) { return c == ' ' || c == '\t'; }
}  // namespace

std::optional<std::string> IceGenerations::candidateUfrag(std::string_view candidate) {
  // Extension attributes are "name value" pairs after the fixed fields; look for the name "ufrag".
  for (std::size_t at = candidate.find(" ufrag "); at != std::string_view::npos; at = candidate.find(" ufrag ", at + 1)) {
    std::size_t begin = at + 7, end = begin;
    while (end < candidate.size() && !isSpace(candidate[end])) ++end;
    if (end > begin) return std::string(candidate.substr(begin, end - begin));
  }
  return std::nullopt;
}

std::optional<std::string> IceGenerations::sdpUfrag(std::string_view sdp) {
  std::size_t at = sdp.find(kUfragAttribute);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t begin = at + kUfragAttribute.size(), end = begin;
  while (end < sdp.size() && sdp[end] != '\r' && sdp[end] != '\n' && !isSpace(sdp[end])) ++end;
  if (end == begin) return std::nullopt;
  return std::string(sdp.substr(begin, end - begin));
}

void IceGenerations::stripAttributePrefix(std::string& candidate) {
  if (startsWith(candidate, "a=candidate:")) candidate.erase(0, 2);
}

IceCandidate IceGenerations::outgoing(IceCandidate c, const std::optional<std::string>& usernameFragment) {
  stripAttributePrefix(c.candidate);
  const bool spaceFree = usernameFragment && !usernameFragment->empty() &&
                         std::none_of(usernameFragment->begin(), usernameFragment->end(), isSpace);
  if (spaceFree && !candidateUfrag(c.candidate)) c.candidate += " ufrag " + *usernameFragment;
  return c;
}

void IceGenerations::remember(std::vector<std::string>& list, std::optional<std::string> ufrag) {
  if (!ufrag || std::find(list.begin(), list.end(), *ufrag) != list.end()) return;
  if (list.size() == kRemembered) list.erase(list.begin());
  list.push_back(std::move(*ufrag));
}

bool IceGenerations::named(const std::vector<std::string>& list, const IceCandidate& c) {
  if (list.empty()) return false;
  auto ufrag = candidateUfrag(c.candidate);
  return ufrag && std::find(list.begin(), list.end(), *ufrag) != list.end();
}

}  // namespace kpeer
