#include "db/PgTools.h"

#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <istream>
#include <memory>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ta::db {

namespace {
std::string quoted(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// Copies `in` to the pipe, then closes it so the child sees EOF. A child that exits
// early (an error) closes its end: the write fails (SIGPIPE is ignored by the caller)
// and the copy stops; the exit status tells what happened.
void feed(std::istream& in, Poco::Pipe& pipe) {
    char buf[65536];
    try {
        while (in) {
            in.read(buf, sizeof buf);
            std::streamsize n = in.gcount();
            for (std::streamsize put = 0; put < n;)
                put += pipe.writeBytes(buf + put, static_cast<int>(n - put));
        }
    } catch (const std::exception&) {
    }
    pipe.close(Poco::Pipe::CLOSE_WRITE);
}

void drain(Poco::Pipe& pipe, std::ostream& out) {
    char buf[65536];
    int n;
    while ((n = pipe.readBytes(buf, sizeof buf)) > 0) out.write(buf, n);
    pipe.close(Poco::Pipe::CLOSE_READ);
}
}  // namespace

PgTools::PgTools(const std::string& dsn) {
    char* err = nullptr;
    std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> opts(
        PQconninfoParse(dsn.c_str(), &err), PQconninfoFree);
    if (!opts) {
        std::string why = err ? err : "out of memory";
        PQfreemem(err);
        throw std::runtime_error("cannot read the database connection string: " + why);
    }
    for (PQconninfoOption* o = opts.get(); o->keyword; ++o) {
        if (!o->val) continue;
        if (std::string(o->keyword) == "password")
            env_["PGPASSWORD"] = o->val;
        else
            conninfo_ +=
                (conninfo_.empty() ? "" : " ") + std::string(o->keyword) + "=" + quoted(o->val);
    }
}

std::string PgTools::find(const std::string& tool) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && executable(dir + "/" + tool)) return dir + "/" + tool;
    std::string debian = "/usr/lib/postgresql/15/bin/" + tool;
    if (executable(debian)) return debian;
    throw std::runtime_error(tool +
                             " not found in PATH or /usr/lib/postgresql/15/bin (install "
                             "postgresql-client-15)");
}

std::string PgTools::version(const std::string& bin) {
    Poco::Pipe out;
    Poco::ProcessHandle ph = Poco::Process::launch(bin, {"--version"}, nullptr, &out, nullptr);
    std::ostringstream text;
    drain(out, text);
    ph.wait();
    // "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    std::istringstream words(text.str());
    for (std::string w; words >> w;)
        if (!w.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) return w;
    throw std::runtime_error("cannot read the version of " + bin + " from: " + text.str());
}

int PgTools::major(const std::string& version) { return std::atoi(version.c_str()); }

int PgTools::run(const std::string& bin, std::vector<std::string> args, std::istream* in,
                 std::ostream* out, bool connect) const {
    if (connect) args.push_back("--dbname=" + conninfo_);
    Poco::Pipe inPipe, outPipe;
    Poco::ProcessHandle ph = Poco::Process::launch(bin, args, in ? &inPipe : nullptr,
                                                   out ? &outPipe : nullptr, nullptr, env_);
    // Both directions at once: a child writing more than a pipe holds before it has read
    // all its input would otherwise wait for us while we wait for it.
    std::thread writer;
    if (in) writer = std::thread([&] { feed(*in, inPipe); });
    if (out) drain(outPipe, *out);
    if (writer.joinable()) writer.join();
    int rc = ph.wait();
    return rc;
}

}  // namespace ta::db
