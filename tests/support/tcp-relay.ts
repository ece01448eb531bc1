import net from "node:net";

// A TCP relay in front of PostgreSQL that can fail the way networks and servers do, for one client
// (one app, one test) while the rest of the run keeps its database: `silence()` drops everything
// and closes nothing (a cut cable, a firewall); `refuse()` closes every connection and turns new
// ones away (a server that is down); `restore()` lets traffic through again.

export type TcpRelay = { url: string; silence: () => void; refuse: () => void; restore: () => void; close: () => Promise<void> };

export async function relayTo(databaseUrl: string): Promise<TcpRelay> {
  const target = new URL(databaseUrl);
  let mode: "pass" | "silent" | "refuse" = "pass";
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === "refuse") return void client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.on("data", (chunk) => void (mode === "pass" && upstream.write(chunk)));
    upstream.on("data", (chunk) => void (mode === "pass" && client.write(chunk)));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    silence: () => void (mode = "silent"),
    refuse: () => {
      mode = "refuse";
      for (const socket of sockets) socket.destroy();
    },
    restore: () => void (mode = "pass"),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
