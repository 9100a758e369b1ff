// Messages between two simulated peers: write() backpressure and the adaptive mark, the send()
// fast-path grant, oversized and bad payloads, chunked messages both ways, remote close, and the
// release of every payload and transport. The FakeBrowser holds the bytes like the adapter does.
#include <doctest/doctest.h>

#include <algorithm>

#include "CoreOutputs.h"
#include "FakeBrowser.h"
#include "json/JsonValue.h"
#include "json/WireFormat.h"

using namespace kpeer;
using namespace kpeer::sim;
using test::only;

namespace {

bool open(const SimPeer& p, const std::string& label) { return p.channelState(label) == ChannelState::Open; }

// A connected pair with channel `label` open on both sides; returns A's and B's channel ids.
std::pair<ChannelId, ChannelId> openPair(TwoPeers& sim, const std::string& config) {
  ChannelId onA = sim.a.createChannel(config);
  const std::string label = sim.a.core.channels().find(onA)->label;
  REQUIRE(sim.runUntil(5000, [&] { return open(sim.a, label) && open(sim.b, label); }));
  return {onA, *sim.b.channelId(label)};
}

std::string text(std::size_t n, char fill = 'x') { return std::string(n, fill); }

std::string binary(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) & 0xff);
  return s;
}

std::vector<Error> errorsOn(const SimPeer& p, ChannelId channel) {
  std::vector<Error> out;
  for (const auto& e : p.events)
    if (auto* r = std::get_if<ev::ErrorRaised>(&e); r && r->channel == channel) out.push_back(r->error);
  return out;
}

// Nothing held, nothing released twice: every payload handle went back exactly once.
void checkPayloadsReleased(const SimPeer& p) {
  CAPTURE(p.name);
  CHECK(p.browser.heldPayloads() == 0);
  CHECK(p.browser.releaseErrors() == 0);
  CHECK(p.settledTwice == 0);
}

}  // namespace

TEST_CASE("write() waits under the high-water mark, settles every write once, and keeps order") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"bulk","highWaterMark":131072})");
  std::vector<RequestId> writes;
  double maxBuffered = 0;
  const TransportId t = sim.a.core.channels().find(a)->primary;
  for (int i = 0; i < 40; ++i) {
    writes.push_back(sim.a.write(a, Bytes{text(32768, static_cast<char>('a' + i % 26)), true}));
    maxBuffered = std::max(maxBuffered, sim.a.browser.bufferedAmount(t));
  }
  // Not all 40 × 32 KiB can be settled at once: the browser takes them as its buffer drains.
  CHECK(sim.a.settled.size() < writes.size());
  REQUIRE(sim.runUntil(sim.loop.now() + 10000, [&] { return sim.b.browser.received.size() == writes.size(); }));
  for (int i = 0; i < 40; ++i) {
    REQUIRE(sim.a.settled.count(writes[i]));
    CHECK_FALSE(sim.a.settled[writes[i]].has_value());
    CHECK(sim.b.browser.received[i].bytes.data[0] == static_cast<char>('a' + i % 26));
  }
  // Sent one at a time, each only while the buffer was under the mark.
  CHECK(maxBuffered <= 131072 + 32768);
  checkPayloadsReleased(sim.a);
}

TEST_CASE("the default mark adapts to the messages written and moves the browser's threshold") {
  PeerCore core(test::config(R"({"initiator":true})"), 0);
  auto id = core.createChannel(JsonValue::parse(R"({"label":"small"})"), 0);
  REQUIRE(id.ok());
  auto created = only<cmd::CreateDataChannel>(test::drain(core).commands);
  REQUIRE(created.size() == 1);
  CHECK(created[0].lowThreshold == 16384);  // a quarter of the 64 KiB starting mark
  const TransportId t = created[0].transport;
  core.onTransportState(t, ChannelState::Open, 1, 262144.0);
  test::drain(core);
  std::vector<cmd::SetLowThreshold> moves;
  for (int i = 0; i < 3; ++i) {
    core.write(id.value(), Payload{core.newPayload(), PayloadKind::Text, 64}, RequestId(10 + i), 0, 2);
    for (auto& m : only<cmd::SetLowThreshold>(test::drain(core).commands)) moves.push_back(m);
  }
  REQUIRE(moves.size() == 1);  // 64-byte messages: 1 MiB mark, low at half of it
  CHECK(moves[0].transport == t);
  CHECK(moves[0].bytes == 524288);

  // A user-set mark never moves.
  auto fixed = core.createChannel(JsonValue::parse(R"({"label":"fixed","highWaterMark":100000})"), 3);
  REQUIRE(fixed.ok());
  test::drain(core);
  core.write(fixed.value(), Payload{core.newPayload(), PayloadKind::Text, 64}, RequestId(20), 0, 4);
  CHECK(only<cmd::SetLowThreshold>(test::drain(core).commands).empty());
}

TEST_CASE("the send() fast path is granted while a plain channel is open and idle, and revoked while writes wait") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"chat","highWaterMark":65536})");
  REQUIRE(sim.a.browser.grants.count(a));
  CHECK(sim.a.browser.grants[a].maxBytes == 262144);
  CHECK(sim.a.browser.grants[a].maxTextUnits == 87381);
  CHECK(sim.b.browser.grants.count(b));

  // Two writes over the mark: the second waits, and send() must queue behind it.
  sim.a.write(a, Bytes{text(65536), true});
  sim.a.write(a, Bytes{text(1000, 'w'), true});
  CHECK_FALSE(sim.a.browser.grants.count(a));
  sim.a.send(a, Bytes{"after the writes", true});
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] { return sim.b.browser.received.size() == 3; }));
  CHECK(sim.b.browser.received[1].bytes.data[0] == 'w');
  CHECK(sim.b.browser.received[2].bytes.data == "after the writes");
  sim.runFor(100);
  CHECK(sim.a.browser.grants.count(a));  // idle again

  // A chunked channel never gets it; a closed one loses it.
  auto [ca, cb] = openPair(sim, R"({"label":"files","chunked":true})");
  CHECK_FALSE(sim.a.browser.grants.count(ca));
  sim.a.core.closeChannel(a, sim.loop.now());
  sim.a.pump();
  CHECK_FALSE(sim.a.browser.grants.count(a));
  checkPayloadsReleased(sim.a);
}

TEST_CASE("an oversized send() reports message-too-big on the channel and the channel lives on") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"chat"})");
  sim.a.browser.grants.clear();  // the JS layer would not take the fast path for this size anyway
  RequestId big = sim.a.send(a, Bytes{binary(262145), false});
  REQUIRE(sim.a.settled.count(big));
  REQUIRE(sim.a.settled[big].has_value());
  auto errors = errorsOn(sim.a, a);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == ErrorCode::MessageTooBig);
  CHECK(errors[0].message.find("262144") != std::string::npos);

  RequestId tooBigWrite = sim.a.write(a, Bytes{binary(262145), false});
  REQUIRE(sim.a.settled[tooBigWrite].has_value());
  CHECK(sim.a.settled[tooBigWrite]->code == ErrorCode::MessageTooBig);
  RequestId bad = sim.a.writeUnsupported(a);
  REQUIRE(sim.a.settled[bad].has_value());
  CHECK(sim.a.settled[bad]->code == ErrorCode::InvalidData);
  CHECK(sim.a.settled[bad]->message.find("write() takes") != std::string::npos);

  sim.a.write(a, Bytes{"still here", true});
  REQUIRE(sim.runUntil(sim.loop.now() + 1000, [&] { return !sim.b.browser.received.empty(); }));
  CHECK(sim.b.browser.received.back().bytes.data == "still here");
  checkPayloadsReleased(sim.a);
}

TEST_CASE("a browser that refuses dc.send() fails that write with 'closed' and the next ones go on") {
  BrowserTiming tight;
  tight.maxBuffered = 100000;  // the browser's own limit, below the user's mark
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false})", tight);
  auto [a, b] = openPair(sim, R"({"label":"chat","highWaterMark":1000000})");
  RequestId first = sim.a.write(a, Bytes{text(60000, '1'), true});
  RequestId second = sim.a.write(a, Bytes{text(60000, '2'), true});
  sim.runFor(1);  // the browser's verdicts arrive as tasks
  REQUIRE(sim.a.settled.count(first));
  CHECK_FALSE(sim.a.settled[first].has_value());
  REQUIRE(sim.a.settled.count(second));
  REQUIRE(sim.a.settled[second].has_value());
  CHECK(sim.a.settled[second]->code == ErrorCode::Closed);
  CHECK(sim.a.settled[second]->message.find("refused") != std::string::npos);
  sim.runFor(200);  // drained
  sim.a.write(a, Bytes{text(10, '3'), true});
  REQUIRE(sim.runUntil(sim.loop.now() + 1000, [&] { return sim.b.browser.received.size() == 2; }));
  CHECK(sim.b.browser.received[1].bytes.data[0] == '3');
  checkPayloadsReleased(sim.a);
}

TEST_CASE("chunked channels carry messages larger than maxMessageSize both ways, with progress") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"files","chunked":true})");
  const std::string big = binary(1000000);
  RequestId w = sim.a.write(a, Bytes{big, false});
  sim.b.write(b, Bytes{text(300000, 'z'), true});
  REQUIRE(sim.runUntil(sim.loop.now() + 20000, [&] {
    return !sim.b.browser.received.empty() && !sim.a.browser.received.empty();
  }));
  CHECK(sim.a.settled.count(w));
  REQUIRE(sim.b.browser.received.size() == 1);
  CHECK(sim.b.browser.received[0].bytes.data == big);
  CHECK_FALSE(sim.b.browser.received[0].bytes.text);
  CHECK(sim.a.browser.received[0].bytes.data == text(300000, 'z'));
  CHECK(sim.a.browser.received[0].bytes.text);
  auto progress = only<ev::Progress>(sim.b.events);
  REQUIRE(progress.size() > 2);
  CHECK(progress.back().received == 1000000);
  CHECK(progress.back().total == 1000000);
  CHECK(std::is_sorted(progress.begin(), progress.end(), [](auto& x, auto& y) { return x.received < y.received; }));
  for (auto* p : {&sim.a, &sim.b}) checkPayloadsReleased(*p);
}

TEST_CASE("chunked: a message over the channel's cap is refused before any frame goes") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"files","chunked":{"maxMessageSize":1000}})");
  RequestId w = sim.a.write(a, Bytes{binary(1001), false});
  REQUIRE(sim.a.settled[w].has_value());
  CHECK(sim.a.settled[w]->code == ErrorCode::MessageTooBig);
  sim.runFor(100);
  CHECK(sim.b.browser.received.empty());
  checkPayloadsReleased(sim.a);
}

TEST_CASE("frames that are not a chunked message are reported and dropped; the next message still arrives") {
  PeerCore core(test::config(R"({"initiator":false})"), 0);
  auto binding = core.onRemoteChannel("files", kChunkedProtocol, 0, true, 65536.0);
  REQUIRE(binding);
  auto o = test::drain(core);
  auto attach = only<cmd::AttachDataChannel>(o.commands);
  REQUIRE(attach.size() == 1);
  CHECK(attach[0].receive == ReceiveMode::Frames);
  CHECK(core.maxMessageSize() == 65536);  // read from a channel that was open when announced

  FrameFacts junk;
  junk.head[0] = 0x80;  // unknown flags
  junk.headLength = 1;
  junk.length = 10;
  PayloadId frame = core.newPayload();
  core.onFrame(binding->transport, frame, junk, 1);
  o = test::drain(core);
  auto errors = only<ev::ErrorRaised>(o.events);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].error.code == ErrorCode::InvalidData);
  auto released = only<cmd::ReleasePayload>(o.commands);
  REQUIRE(released.size() == 1);
  CHECK(released[0].payload == frame);

  FrameFacts whole;
  FrameHeader h = encodeFrameHeader(3, 0, 3, true);
  std::copy(h.bytes.begin(), h.bytes.end(), whole.head);
  whole.headLength = h.size;
  whole.length = h.size + 3;
  core.onFrame(binding->transport, core.newPayload(), whole, 2);
  o = test::drain(core);
  CHECK(only<cmd::AssembleFinish>(o.commands).size() == 1);
  auto messages = only<ev::Message>(o.events);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0].channel == binding->channel);
  CHECK(only<cmd::ReleasePayload>(o.commands).size() == 2);  // the frame, then the message once delivered
}

TEST_CASE("the remote side's normal close (SCTP cause 12) is not an error; other channel errors are") {
  PeerCore core(test::config(R"({"initiator":false})"), 0);
  auto binding = core.onRemoteChannel("chat", "", 0, true);
  REQUIRE(binding);
  test::drain(core);
  core.onTransportError(binding->transport, "User-Initiated Abort, reason=Close called", 1, 12);
  CHECK(only<ev::ErrorRaised>(test::drain(core).events).empty());
  core.onTransportError(binding->transport, "Transport channel closed", 2, std::nullopt);
  CHECK(only<ev::ErrorRaised>(test::drain(core).events).size() == 1);
}

TEST_CASE("closing a channel fails what waits, releases its payloads and its transports") {
  TwoPeers sim(30);
  auto [a, b] = openPair(sim, R"({"label":"bulk","highWaterMark":65536})");
  std::vector<RequestId> writes;
  for (int i = 0; i < 5; ++i) writes.push_back(sim.a.write(a, Bytes{text(65536), true}));
  sim.a.core.close(sim.loop.now());
  auto before = sim.a.events.size();
  sim.a.pump();
  (void)before;
  int failed = 0;
  for (RequestId w : writes)
    if (sim.a.settled.count(w) && sim.a.settled[w] && sim.a.settled[w]->code == ErrorCode::Closed) ++failed;
  CHECK(failed >= 4);  // the first went into the browser's buffer at once
  for (RequestId w : writes) CHECK(sim.a.settled.count(w));
  checkPayloadsReleased(sim.a);
}

TEST_CASE("a created channel settles createChannel() once the browser made it") {
  PeerCore core(test::config(R"({"initiator":true})"), 0);
  auto id = core.createChannel(JsonValue::parse(R"({"label":"x"})"), 0, RequestId(3));
  auto created = only<cmd::CreateDataChannel>(test::drain(core).commands);
  REQUIRE(created.size() == 1);
  core.onTransportCreated(created[0].transport, 1);
  auto settled = only<ev::RequestSettled>(test::drain(core).events);
  REQUIRE(settled.size() == 1);
  CHECK_FALSE(settled[0].error);
  // The same label again is the same channel, settled at once.
  CHECK(core.createChannel(JsonValue::parse(R"({"label":"x"})"), 2, RequestId(4)).value() == id.value());
  CHECK(only<ev::RequestSettled>(test::drain(core).events).size() == 1);
}

TEST_CASE("the browser refusing to create a channel closes it with invalid-channel-config") {
  PeerCore core(test::config(R"({"initiator":true})"), 0);
  auto id = core.createChannel(JsonValue::parse(R"({"label":"x"})"), 0, RequestId(5));
  REQUIRE(id.ok());
  auto created = only<cmd::CreateDataChannel>(test::drain(core).commands);
  REQUIRE(created.size() == 1);
  core.onTransportRefused(created[0].transport, "SyntaxError: bad", 1);
  auto o = test::drain(core);
  auto settled = only<ev::RequestSettled>(o.events);
  REQUIRE(settled.size() == 1);  // createChannel() rejects with the same error
  CHECK(settled[0].request == RequestId(5));
  REQUIRE(settled[0].error);
  CHECK(settled[0].error->code == ErrorCode::InvalidChannelConfig);
  auto errors = only<ev::ErrorRaised>(o.events);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].error.code == ErrorCode::InvalidChannelConfig);
  CHECK(errors[0].error.message.find("'x'") != std::string::npos);
  auto states = only<ev::ChannelStateChanged>(o.events);
  REQUIRE(states.size() == 1);
  CHECK(states[0].state == ChannelState::Closed);
  CHECK(only<cmd::ReleaseDataChannel>(o.commands).size() == 1);
}

// --- the user's bufferedAmount flow (PeerCore::watchBufferedAmount)

namespace {
std::vector<double> bufferedReports(const SimPeer& p, ChannelId channel) {
  std::vector<double> out;
  for (const auto& e : p.events)
    if (auto* r = std::get_if<ev::BufferedAmount>(&e); r && r->channel == channel) out.push_back(r->bytes);
  return out;
}
}  // namespace

TEST_CASE("a watched bufferedAmount is reported as the queue drains, down to 0, and then no more") {
  BrowserTiming slow;
  slow.bytesPerMs = 100;  // 64 KiB drains in ~650 ms: many readings on the way
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false})", slow);
  auto [a, b] = openPair(sim, R"({"label":"upload"})");
  const TransportId t = sim.a.core.channels().find(a)->primary;
  REQUIRE(sim.a.browser.grants.count(a));

  sim.a.core.watchBufferedAmount(a, true, sim.a.browser.bufferedAmount(t), sim.loop.now());
  sim.a.pump();
  CHECK_FALSE(sim.a.browser.grants.count(a));  // every send's reading goes through the core now
  for (int i = 0; i < 4; ++i) sim.a.send(a, Bytes{binary(16384), false});
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] { return sim.b.browser.received.size() == 4; }));
  sim.runFor(200);
  auto reports = bufferedReports(sim.a, a);
  REQUIRE(reports.size() >= 8);  // a reading every 50 ms while 64 KiB drain over ~650 ms
  CHECK(reports.back() == 0);
  CHECK(reports.front() >= 49152);
  CHECK(std::is_sorted(reports.begin(), reports.end(), std::greater<double>()));
  // Drained: no poll left, nothing more reported.
  CHECK_FALSE(sim.a.core.pollTimeout());
  const std::size_t settledCount = reports.size();
  sim.runFor(1000);
  CHECK(bufferedReports(sim.a, a).size() == settledCount);

  // Unwatched: the fast path comes back, and sends are not followed any more.
  sim.a.core.watchBufferedAmount(a, false, 0, sim.loop.now());
  sim.a.pump();
  CHECK(sim.a.browser.grants.count(a));
  sim.a.send(a, Bytes{binary(16384), false});
  sim.runFor(1000);
  CHECK(bufferedReports(sim.a, a).size() == settledCount);
  checkPayloadsReleased(sim.a);
}

TEST_CASE("watching starts from the channel's bufferedAmount now, even after fast-path sends") {
  BrowserTiming slow;
  slow.bytesPerMs = 100;
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false})", slow);
  const ChannelId a = openPair(sim, R"({"label":"upload"})").first;  // a plain variable: lambdas capture it
  const TransportId t = sim.a.core.channels().find(a)->primary;
  for (int i = 0; i < 2; ++i) sim.a.send(a, Bytes{binary(16384), false});  // the fast path: no core
  REQUIRE(sim.a.browser.bufferedAmount(t) > 0);
  sim.a.core.watchBufferedAmount(a, true, sim.a.browser.bufferedAmount(t), sim.loop.now());
  sim.a.pump();
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] {
    auto r = bufferedReports(sim.a, a);
    return !r.empty() && r.back() == 0;
  }));
  CHECK(bufferedReports(sim.a, a).size() >= 2);
}

TEST_CASE("watch readings of a drained queue are not taken for a missed 'bufferedamountlow'") {
  // @roamhq/wrtc never fires it; kpeer finds out from a read made for a waiting write(), never
  // from a watch reading, which may never have seen the queue cross the threshold from above.
  BrowserTiming wrtc;
  wrtc.bytesPerMs = 100;
  wrtc.firesBufferedLow = false;
  TwoPeers sim(30, R"({"initiator":true})", R"({"initiator":false})", wrtc);
  const ChannelId a = openPair(sim, R"({"label":"upload"})").first;  // a plain variable: lambdas capture it
  sim.a.core.watchBufferedAmount(a, true, 0, sim.loop.now());
  sim.a.pump();
  for (int i = 0; i < 4; ++i) sim.a.send(a, Bytes{binary(16384), false});
  REQUIRE(sim.runUntil(sim.loop.now() + 5000, [&] {
    auto r = bufferedReports(sim.a, a);
    return sim.b.browser.received.size() == 4 && !r.empty() && r.back() == 0;
  }));
  CHECK(only<ev::BufferedLow>(sim.a.events).empty());
}
