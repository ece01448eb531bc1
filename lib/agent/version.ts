import packageJson from "../../package.json" with { type: "json" };

/** The agent's version, reported with every report so operators see which nodes run what. */
export const AGENT_VERSION: string = packageJson.version;
