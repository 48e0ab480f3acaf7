-- AlterTable
ALTER TABLE "kill_switches" ADD COLUMN     "deviceMessage" TEXT;
