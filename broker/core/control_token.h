// The bearer token of the control API: made once per data dir, then reused, so that a console
// that saved it keeps working across broker restarts.
#pragma once

#include <filesystem>
#include <string>

namespace tideline::broker {

struct ControlToken {
    std::string token;  // empty on failure
    std::string error;
};

// Reads DIR/control.token, or creates it (32 random hex characters, mode 0600: the token is as
// good as a password for anyone who can read it).
ControlToken load_or_create_control_token(const std::filesystem::path& dir);

}  // namespace tideline::broker
