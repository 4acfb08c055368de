// Preloaded with `node --import` so that Spotlight's sidecar (which has no host option and
// would otherwise listen on every interface) accepts connections on 127.0.0.1 only.
import net from "node:net";

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  // @hono/node-server calls listen(port, hostname, callback) with hostname undefined.
  if (typeof args[0] === "number" && (args[1] === undefined || typeof args[1] === "function")) {
    if (args[1] === undefined) {
      args[1] = "127.0.0.1";
    } else {
      args.splice(1, 0, "127.0.0.1");
    }
  }
  return originalListen.apply(this, args);
};
