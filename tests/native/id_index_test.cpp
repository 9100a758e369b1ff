// IdIndex (core/IdIndex.h) and what is built on it: IdMap, IdSet, LabelIndex. Checked against
// std::map as the reference for order and contents.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "IdPrinting.h"
#include "core/IdLinks.h"
#include "core/IdMap.h"
#include "core/IdSet.h"
#include "core/LabelIndex.h"

using namespace kpeer;

namespace {

// Counts the values alive, and can look itself up in its map while being destroyed.
struct Tracked {
  static int alive;
  explicit Tracked(int v) : value(v) { ++alive; }
  Tracked(Tracked&& other) noexcept : value(other.value), map(other.map), key(other.key) { ++alive; }
  Tracked& operator=(Tracked&&) = default;
  ~Tracked() {
    --alive;
    if (map) CHECK(map->find(key) == nullptr);  // its slot went before it
  }
  int value;
  IdMap<std::uint32_t, Tracked>* map = nullptr;
  std::uint32_t key = 0;
};
int Tracked::alive = 0;

std::uint32_t nextRandom(std::uint32_t& state) {
  state = state * 1664525u + 1013904223u;
  return state >> 8;
}

template <class Map>
void checkSame(const IdMap<std::uint32_t, int>& map, const Map& reference) {
  REQUIRE(map.size() == reference.size());
  auto expected = reference.begin();
  for (auto [key, value] : map) {
    CHECK(key == expected->first);
    CHECK(value == expected->second);
    ++expected;
  }
}

}  // namespace

TEST_CASE("IdIndex: find, slot, erase and order against std::map, keys in any order") {
  IdMap<std::uint32_t, int> map;
  std::map<std::uint32_t, int> reference;
  std::uint32_t state = 7;
  for (int step = 0; step < 20000; ++step) {
    const std::uint32_t key = nextRandom(state) % 600;
    switch (nextRandom(state) % 3) {
      case 0:
      case 1:
        map.put(key, step);
        reference[key] = step;
        break;
      default:
        CHECK(map.erase(key) == (reference.erase(key) == 1));
    }
    const int* found = map.find(key);
    auto it = reference.find(key);
    REQUIRE((found != nullptr) == (it != reference.end()));
    if (found) CHECK(*found == it->second);
    if (step % 997 == 0) checkSame(map, reference);
  }
  checkSame(map, reference);
  map.clear();
  CHECK(map.empty());
  CHECK(map.find(1) == nullptr);
}

TEST_CASE("IdIndex: erase in the middle, at the ends, and insert again") {
  IdMap<std::uint32_t, int> map;
  for (std::uint32_t k = 1; k <= 1000; ++k) map.put(k, static_cast<int>(k) * 10);  // appends
  CHECK(map.erase(500));
  CHECK_FALSE(map.erase(500));
  CHECK(map.erase(1));
  CHECK(map.erase(1000));
  CHECK(map.find(500) == nullptr);
  CHECK(*map.find(499) == 4990);
  CHECK(*map.find(501) == 5010);
  CHECK(map.size() == 997);
  map.put(500, -5);
  map.put(1, -1);
  map.put(1000, -1000);
  CHECK(map.size() == 1000);
  std::uint32_t expected = 1;
  for (auto [key, value] : map) {
    CHECK(key == expected);
    CHECK(value == (key == 1 ? -1 : key == 500 ? -5 : key == 1000 ? -1000 : static_cast<int>(key) * 10));
    ++expected;
  }
  CHECK(map.find(0) == nullptr);
  CHECK(map.find(1001) == nullptr);
}

TEST_CASE("IdMap: values stay put, are destroyed once (slot first), insert keeps, put replaces") {
  Tracked::alive = 0;
  {
    IdMap<std::uint32_t, Tracked> map;
    Tracked& first = map.put(3, Tracked(30));
    const Tracked* where = &first;
    for (std::uint32_t k = 4; k < 300; ++k) map.put(k, Tracked(static_cast<int>(k)));
    CHECK(map.find(3) == where);  // the array grew several times; the value did not move
    CHECK(Tracked::alive == 297);

    CHECK(map.insert(3, Tracked(-1)).value == 30);  // kept
    CHECK(map.put(3, Tracked(31)).value == 31);    // replaced, the old one destroyed
    CHECK(Tracked::alive == 297);

    Tracked& watched = *map.find(100);
    watched.map = &map;
    watched.key = 100;
    CHECK(map.erase(100));
    CHECK(Tracked::alive == 296);

    for (std::size_t i = 0; i < map.size();) {  // erasing while walking by position
      if (map.valueAt(i).value % 2) map.eraseAt(i);
      else ++i;
    }
    for (auto [key, value] : map) CHECK(value.value % 2 == 0);
    CHECK(static_cast<int>(map.size()) == Tracked::alive);
  }
  CHECK(Tracked::alive == 0);  // the destructor destroyed the rest
}

TEST_CASE("IdMap and IdSet of ids: keys come back as ids, in increasing order") {
  IdMap<ChannelId, std::string> names;
  names.put(ChannelId(9), "nine");
  names.put(ChannelId(2), "two");
  names.put(ChannelId(5), "five");
  std::vector<ChannelId> order;
  for (auto [id, name] : names) order.push_back(id);
  CHECK(order == std::vector<ChannelId>{ChannelId(2), ChannelId(5), ChannelId(9)});
  CHECK(*names.find(ChannelId(5)) == "five");

  IdSet<TransportId> set;
  set.insert(TransportId(4));
  set.insert(TransportId(1));
  set.insert(TransportId(4));  // once only
  set.insert(TransportId(2));
  set.erase(TransportId(2));
  set.erase(TransportId(7));  // not there: nothing happens
  std::vector<TransportId> members;
  for (TransportId t : set) members.push_back(t);
  CHECK(members == std::vector<TransportId>{TransportId(1), TransportId(4)});
  set.clear();
  CHECK(set.empty());
}

TEST_CASE("IdLinks: ids kept in the slots, 0 for none") {
  IdLinks<TransportId, ChannelId> links;
  for (std::uint32_t t = 1; t <= 100; ++t) links.put(TransportId(t), ChannelId(t + 1000));
  links.put(TransportId(7), ChannelId(3));  // replaced
  CHECK(links.erase(TransportId(8)));
  CHECK_FALSE(links.erase(TransportId(8)));
  CHECK(links.size() == 99);
  CHECK(links.find(TransportId(7)) == ChannelId(3));
  CHECK(links.find(TransportId(8)) == ChannelId());
  CHECK(links.find(TransportId(9)) == ChannelId(1009));
  CHECK(links.find(TransportId(101)) == ChannelId());
  links.clear();
  CHECK(links.find(TransportId(1)) == ChannelId());
}

TEST_CASE("LabelIndex: labels whose hashes collide are told apart") {
  LabelIndex labels([](const std::string&) -> std::uint32_t { return 42; });  // every label collides
  labels.add("a", ChannelId(1));
  labels.add("b", ChannelId(2));
  labels.add("c", ChannelId(3));
  CHECK(labels.find("a") == ChannelId(1));
  CHECK(labels.find("b") == ChannelId(2));
  CHECK(labels.find("c") == ChannelId(3));
  CHECK(labels.find("d") == ChannelId());

  labels.remove("b");  // the middle of the chain
  CHECK(labels.find("b") == ChannelId());
  CHECK(labels.find("a") == ChannelId(1));
  CHECK(labels.find("c") == ChannelId(3));
  labels.remove("c");  // its head
  CHECK(labels.find("a") == ChannelId(1));
  labels.remove("zz");  // not there
  CHECK(labels.find("a") == ChannelId(1));
  labels.remove("a");  // the last one
  CHECK(labels.find("a") == ChannelId());

  labels.add("b", ChannelId(4));  // again
  labels.add("a", ChannelId(5));
  CHECK(labels.find("a") == ChannelId(5));
  CHECK(labels.find("b") == ChannelId(4));
}

TEST_CASE("LabelIndex: many labels with the real hash") {
  LabelIndex labels;
  for (std::uint32_t i = 1; i <= 2000; ++i) labels.add("label " + std::to_string(i), ChannelId(i));
  for (std::uint32_t i = 1; i <= 2000; i += 2) labels.remove("label " + std::to_string(i));
  for (std::uint32_t i = 1; i <= 2000; ++i)
    CHECK(labels.find("label " + std::to_string(i)) == (i % 2 ? ChannelId() : ChannelId(i)));
  CHECK(labels.find("") == ChannelId());
  labels.clear();
  CHECK(labels.find("label 2") == ChannelId());
  CHECK(labelHash("") == 0x811c9dc5u);  // FNV-1a's offset basis
  CHECK(labelHash("a") == 0xe40c292cu);   // its published test vector
}
