// The local signing agent's service: the routes a web page calls, the token behind them, and the
// local confirmation (see README.md and docs/signing-agent.md).
//
// Protocol (JSON; every answer carries CORS headers for an allowed origin):
//   OPTIONS *              CORS preflight (and Chrome's Private Network Access preflight)
//   GET  /v1/status        {"product":"cqdt-agent","version":..,"paired":bool} — no token needed
//   POST /v1/pair          asks the user locally; on consent {"token": <pairing token>}
//   GET  /v1/certificates  the token's certificates                (X-Cqdt-Agent-Token)
//   POST /v1/sign          {"certificateId", "items":[{"digest","name","number"}]} → one local
//                          confirmation listing every document, one PIN, {"signatures":[...]}
//
// Security: requests must come from an allowed origin (exact match on the Origin header) to a
// loopback Host (DNS rebinding); the pairing token is compared in constant time; a signature is
// made only after the user consents in the local prompt, which shows the origin and each
// document; the PIN is typed into the agent (or the token) and handed only to the token.
//
// Thread safety: handlers run on the server's worker pool; prompts and token use are serialised.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/token.hpp"
#include "http/router.hpp"

namespace cqdt::agent {

// What the local prompt shows for a signing request.
struct SignPrompt {
  std::string origin;    // the requesting site
  std::string signer;    // the certificate's subject CN
  std::string issuer;    // its CA
  std::string serial;    // hex
  bool pin_pad = false;  // the token takes the PIN on its own keypad
  struct Document {
    std::string name;
    std::string number;  // "05/QĐ-UBND", may be empty
  };
  std::vector<Document> documents;
};

// The local confirmation. Implementations talk to the person at this computer, never to the
// network.
class Prompter {
 public:
  virtual ~Prompter() = default;
  // Shows the request; returns the PIN the user typed ("" for a PIN-pad token when the user
  // agrees), or nullopt when the user refuses or does not answer in time.
  virtual std::optional<std::string> ConfirmSigning(const SignPrompt& prompt) = 0;
  // Asks whether `origin` may use the agent; true on consent.
  virtual bool ConfirmPairing(const std::string& origin) = 0;
};

// A prompt on the agent's terminal: the request is written to `out`, the answer read from the
// file descriptor `in_fd` within `timeout` (echo off while a PIN is typed on a terminal).
class TerminalPrompter final : public Prompter {
 public:
  TerminalPrompter(int in_fd, std::FILE* out, std::chrono::seconds timeout)
      : in_fd_(in_fd), out_(out), timeout_(timeout) {}
  std::optional<std::string> ConfirmSigning(const SignPrompt& prompt) override;
  bool ConfirmPairing(const std::string& origin) override;

 private:
  std::optional<std::string> ReadLine(bool secret);
  int in_fd_;
  std::FILE* out_;
  std::chrono::seconds timeout_;
  std::string pending_;  // bytes read past the last line
};

// The token as the routes need it (crypto::TokenModule in production; fakes in unit tests).
class TokenAccess {
 public:
  virtual ~TokenAccess() = default;
  virtual Result<std::vector<crypto::TokenCertificate>> Certificates() = 0;
  virtual Result<std::vector<std::string>> SignDigests(const std::string& id,
                                                       const std::string& pin,
                                                       const std::vector<std::string>& digests) = 0;
};
std::unique_ptr<TokenAccess> TokenAccessOver(std::unique_ptr<crypto::TokenModule> module);

struct AgentOptions {
  std::vector<std::string> allowed_origins;  // "https://motcua.angiang.gov.vn", exact
  std::string pairing_token;                 // per installation, random
  std::string version;
  std::size_t max_batch = 200;  // documents per signing request
};

struct AgentContext {
  AgentOptions options;
  TokenAccess& token;
  Prompter& prompter;
  std::mutex prompt_mutex;  // one question on the screen at a time
};

// Registers the routes above on `router`; `ctx` must outlive it.
void RegisterAgentRoutes(http::Router& router, AgentContext& ctx);
// Answers unmatched requests (404, with CORS headers for an allowed origin).
http::Handler AgentFallback(AgentContext& ctx);

// Is `origin` a well-formed "scheme://host[:port]" origin as the allow-list takes it?
bool IsValidOrigin(const std::string& origin);

}  // namespace cqdt::agent
