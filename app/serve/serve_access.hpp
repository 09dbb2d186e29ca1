#pragma once
// Who may use `clustersim serve`. Two attacks reach a server through a browser that
// can reach it: a page elsewhere that names the server through a DNS name it controls
// (DNS rebinding: caught by the Host header, which must name this server), and a page
// elsewhere that posts to it (cross-site requests: caught by the Origin header, or the
// page's own token, which other sites cannot read). On loopback, scripts on this machine
// may post without either; beyond loopback every state-changing request needs one.
#include <string>
#include <vector>

namespace clustersim::app {

struct AccessPolicy {
  std::string bound_host;                  // as given to --host
  bool loopback = true;                    // reachable from this machine only
  std::vector<std::string> allowed_hosts;  // names a Host header may carry
  std::string token;                       // the page's token (X-Clustersim-Token)
};

// The policy for a server listening on `host`: the names it answers to are the address
// itself, the loopback names and `extra_hosts` (--allow-host), and, listening on all
// addresses, this machine's host name and the addresses of its interfaces.
AccessPolicy make_access_policy(const std::string& host,
                                const std::vector<std::string>& extra_hosts);

// True for 127.0.0.0/8, ::1 and localhost.
bool is_loopback_host(const std::string& host);

// The name part of a Host header ("example.org:8080" -> "example.org", "[::1]:80" ->
// "::1").
std::string host_name_of(const std::string& host_header);

struct RequestFacts {
  std::string method;  // "GET", "POST", ...
  std::string host;    // Host header
  std::string origin;  // Origin header, "" when absent
  std::string token;   // X-Clustersim-Token header, "" when absent
};

// "" when the request may be served, else why it is refused (HTTP 403).
std::string refusal(const AccessPolicy& policy, const RequestFacts& request);

// What `serve` prints on stderr when it listens beyond loopback.
std::string exposure_warning(const AccessPolicy& policy, int port);

// 32 hexadecimal digits from the system's random device.
std::string random_token();

}  // namespace clustersim::app
