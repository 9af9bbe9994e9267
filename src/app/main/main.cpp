// cqdt — Chính quyền điện tử: the e-government platform's single binary.
#include "app/app.hpp"

int main(int argc, char** argv) { return cqdt::app::Main(argc, argv); }
