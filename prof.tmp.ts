import { planScrub } from '/work/wt/scrub/src/core/scrub';
(async () => {
  const t = Date.now();
  const plan = await planScrub({ paths: [process.argv[2]], key: 'benchmark key: 32 bytes of secret' });
  console.log(Date.now() - t, plan.files.length, plan.mapping.entries().length, plan.leftovers.length, plan.leftovers.slice(0, 3));
})();
