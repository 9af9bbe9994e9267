// The stream type of a TLS connection, named without including Beast's SSL headers (they cost
// compile time in every file that only passes the type along). A TLS stream wraps the
// connection's own socket by reference: the socket stays in Connection, where the deadline
// sweeper and the shutdown close it under any stream.
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace boost::beast {
template <class NextLayer>
class ssl_stream;
}  // namespace boost::beast

namespace cqdt::http {

using TlsStream = boost::beast::ssl_stream<boost::asio::ip::tcp::socket&>;

}  // namespace cqdt::http
