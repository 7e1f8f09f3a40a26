export { SkillCard } from './SkillCard';
