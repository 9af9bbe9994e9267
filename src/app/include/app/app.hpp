// The cqdt command line. Returns the process exit code: 0 success, 1 failure, 2 bad usage or
// input (with a one-line Vietnamese / English message on stderr).
#pragma once

namespace cqdt::app {

int Main(int argc, char** argv);

}  // namespace cqdt::app
