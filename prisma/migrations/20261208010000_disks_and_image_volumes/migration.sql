-- The plan's disk size of a server, in GiB: what a reinstall sizes the server's disk to. Null for a
-- server recorded before plans carried it (and imported from a domain whose disk was not read).
ALTER TABLE "servers" ADD COLUMN "disk_gib" INTEGER;
ALTER TABLE "servers" ADD CONSTRAINT "servers_disk_gib_check" CHECK ("disk_gib" BETWEEN 1 AND 65536);

-- The catalogue's base volumes the host's agent last saw in its image pool (a JSON array of volume
-- names): a reinstall offers only the images whose base volume the node has. Null until an agent
-- reports them.
ALTER TABLE "hosts" ADD COLUMN "image_volumes" JSONB;

-- A reinstall's params carry how the customer logs in to the new server (their SSH key, or the hash
-- of the root password they were shown once) for the host agent's first-boot seed. Once the action
-- has ended nothing needs it: whatever ends it (the agent's completion, a claim that finds it broken,
-- an operator), this removes it in the same write.
CREATE FUNCTION actions_forget_first_boot_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.params := NEW.params - 'login';
  RETURN NEW;
END;
$$;

CREATE TRIGGER actions_forget_first_boot_login
  BEFORE INSERT OR UPDATE OF status, params ON actions
  FOR EACH ROW
  WHEN (NEW.status IN ('success', 'error') AND NEW.params ? 'login')
  EXECUTE FUNCTION actions_forget_first_boot_login();
