// Real-looking samples of what Chromium produces for a data-channel-only connection, shared by
// the tests and used to make the fuzz seed corpora.
#pragma once

namespace kpeer::samples {

// pc.createDataChannel('chat'); await pc.setLocalDescription(); pc.localDescription.sdp
constexpr const char* kChromiumOffer =
    "v=0\r\n"
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:EsAw\r\n"
    "a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 5C:7A:2B:1E:9F:44:0D:83:A6:3C:EE:71:58:02:B9:4F:16:D0:8E:35:CA:61:7B:F2:09:94:3D:A8:5E:C1:27:B6\r\n"
    "a=setup:actpass\r\n"
    "a=mid:0\r\n"
    "a=sctp-port:5000\r\n"
    "a=max-message-size:262144\r\n";

constexpr const char* kChromiumAnswer =
    "v=0\r\n"
    "o=- 8396132944410359823 2 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "a=extmap-allow-mixed\r\n"
    "a=msid-semantic: WMS\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:k9Pq\r\n"
    "a=ice-pwd:Jx0mV2c4cG6nXbQeTt1yZp3L\r\n"
    "a=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 0B:E4:1D:76:29:C5:8A:F3:52:9E:07:BB:64:D1:3F:A0:C8:15:72:E9:4B:36:DD:80:1F:A5:6C:93:2E:F7:08:5D\r\n"
    "a=setup:active\r\n"
    "a=mid:0\r\n"
    "a=sctp-port:5000\r\n"
    "a=max-message-size:262144\r\n";

// event.candidate.candidate of onicecandidate: mDNS host, srflx, relay, TCP host.
constexpr const char* kHostCandidate =
    "candidate:3317468452 1 udp 2113937151 6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d.local 56789 typ host generation 0 "
    "ufrag EsAw network-cost 999";
constexpr const char* kSrflxCandidate =
    "candidate:842163049 1 udp 1677729535 203.0.113.7 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EsAw "
    "network-cost 999";
constexpr const char* kRelayCandidate =
    "candidate:1234567890 1 udp 41885439 198.51.100.20 3478 typ relay raddr 203.0.113.7 rport 54321 generation 0 "
    "ufrag EsAw network-cost 999";
constexpr const char* kTcpCandidate =
    "candidate:2999745851 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 ufrag EsAw "
    "network-id 1";

// JSON.stringify([...(await pc.getStats()).values()]) on a connected data-channel peer (trimmed).
// A nominated pair that is not the selected one comes first, as it can after a pair switch.
constexpr const char* kChromiumStats = R"([
 {"id":"CPold_xyz","timestamp":1732590000000,"type":"candidate-pair","transportId":"T01","localCandidateId":"Iold","remoteCandidateId":"Ixyz","state":"succeeded","priority":9114475305866313000,"nominated":true,"writable":true,"packetsSent":4,"bytesSent":380,"bytesReceived":290,"totalRoundTripTime":0.9,"currentRoundTripTime":0.45,"requestsReceived":2,"requestsSent":2,"responsesReceived":2,"responsesSent":2,"consentRequestsSent":1},
 {"id":"D1","timestamp":1732590000000,"type":"data-channel","label":"chat","protocol":"","dataChannelIdentifier":1,"state":"open","messagesSent":3,"bytesSent":33,"messagesReceived":2,"bytesReceived":22},
 {"id":"D3","timestamp":1732590000000,"type":"data-channel","label":"files","protocol":"","dataChannelIdentifier":3,"state":"open","messagesSent":10,"bytesSent":655360,"messagesReceived":1,"bytesReceived":5},
 {"id":"CPabc_def","timestamp":1732590000000,"type":"candidate-pair","transportId":"T01","localCandidateId":"Iabc","remoteCandidateId":"Idef","state":"succeeded","priority":9115038255631187000,"nominated":true,"writable":true,"packetsSent":540,"packetsReceived":520,"bytesSent":701234,"bytesReceived":12345,"totalRoundTripTime":0.012,"currentRoundTripTime":0.002,"availableOutgoingBitrate":300000,"requestsReceived":9,"requestsSent":1,"responsesReceived":9,"responsesSent":9,"consentRequestsSent":8,"packetsDiscardedOnSend":0,"bytesDiscardedOnSend":0,"lastPacketReceivedTimestamp":1732590000000,"lastPacketSentTimestamp":1732590000000},
 {"id":"CF5C:7A:2B","timestamp":1732590000000,"type":"certificate","fingerprint":"5C:7A:2B:1E:9F:44:0D:83","fingerprintAlgorithm":"sha-256","base64Certificate":"MIIBFjCBvaADAgECAgkA"},
 {"id":"Iabc","timestamp":1732590000000,"type":"local-candidate","transportId":"T01","isRemote":false,"networkType":"ethernet","ip":"192.168.1.11","address":"192.168.1.11","port":50001,"protocol":"udp","candidateType":"host","priority":2122260223,"foundation":"842163041","usernameFragment":"EsAw","vpn":false,"networkAdapterType":"ethernet"},
 {"id":"Idef","timestamp":1732590000000,"type":"remote-candidate","transportId":"T01","isRemote":true,"ip":"203.0.113.7","address":"203.0.113.7","port":54321,"protocol":"udp","candidateType":"srflx","priority":1677729535,"foundation":"842163049","usernameFragment":"k9Pq"},
 {"id":"Iold","timestamp":1732590000000,"type":"local-candidate","transportId":"T01","isRemote":false,"address":"198.51.100.20","port":3478,"protocol":"udp","relayProtocol":"udp","candidateType":"relay","priority":41885439,"url":"turn:turn.example.org:3478?transport=udp"},
 {"id":"Ixyz","timestamp":1732590000000,"type":"remote-candidate","transportId":"T01","isRemote":true,"address":"203.0.113.7","port":54321,"protocol":"udp","candidateType":"srflx","priority":1677729535},
 {"id":"P","timestamp":1732590000000,"type":"peer-connection","dataChannelsOpened":2,"dataChannelsClosed":0},
 {"id":"T01","timestamp":1732590000000,"type":"transport","bytesSent":702000,"bytesReceived":12400,"packetsSent":545,"packetsReceived":523,"dtlsState":"connected","selectedCandidatePairId":"CPabc_def","localCertificateId":"CF5C:7A:2B","remoteCertificateId":"CF0B:E4:1D","tlsVersion":"FEFD","dtlsCipher":"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256","dtlsRole":"server","srtpCipher":"AES_CM_128_HMAC_SHA1_80","selectedCandidatePairChanges":2,"iceRole":"controlling","iceLocalUsernameFragment":"EsAw","iceState":"connected"}
])";

}  // namespace kpeer::samples
